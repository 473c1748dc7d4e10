package window

import "runtime"

// returnURL is the window's own origin, where the callback page sends the window back
// after a sign-in in the window: the address at which Wails serves the page.
var returnURL = returnURLOn(runtime.GOOS)

// returnURLOn is the origin of the Wails window's page on goos: http://wails.localhost/
// on Windows, where WebView2 serves the page on an http origin, and wails://wails/
// elsewhere. A wrong one would leave the window on a dead page after a sign-in.
func returnURLOn(goos string) string {
	if goos == "windows" {
		return "http://wails.localhost/"
	}
	return "wails://wails/"
}

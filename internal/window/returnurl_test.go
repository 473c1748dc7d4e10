package window

import (
	"runtime"
	"testing"
)

// The callback page sends the window back to the app's own origin, which Wails serves at
// http://wails.localhost/ on Windows (WebView2 cannot use a wails:// scheme) and at
// wails://wails/ elsewhere; a wrong one leaves the window on a dead page after sign-in.
func TestReturnURLIsTheWindowsOwnOrigin(t *testing.T) {
	want := "wails://wails/"
	if runtime.GOOS == "windows" {
		want = "http://wails.localhost/"
	}
	if returnURL != want {
		t.Errorf("returnURL = %q on %s, want %q", returnURL, runtime.GOOS, want)
	}
}

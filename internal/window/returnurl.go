package window

import "runtime"

// returnURL is the app's own origin, where the callback page sends the window back.
var returnURL = map[bool]string{true: "http://wails.localhost/", false: "wails://wails/"}[runtime.GOOS == "windows"]

//go:build desktop && !(linux && webkit2_41) && !windows

package desktop

// clearBrowsingData does nothing on macOS: Wails v2 exposes neither WKWebView's website
// data store nor a folder of its own for it (docs/install-windows-macos.md says what
// remains after a sign-out).
func clearBrowsingData() {}

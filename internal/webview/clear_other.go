//go:build !(linux && desktop && webkit2_41)

package webview

// ClearBrowsingData does nothing in builds without the Linux WebKit window.
func ClearBrowsingData() {}

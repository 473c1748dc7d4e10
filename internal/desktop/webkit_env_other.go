//go:build desktop && !linux

package desktop

// webkitEnv has nothing to choose outside Linux: WebView2 and WKWebView take no settings
// from the environment that this app needs.
func webkitEnv() {}

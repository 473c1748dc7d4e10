//go:build desktop && !(linux && webkit2_41)

package desktop

// catchNavigation cannot catch outside Linux's WebKitGTK: Wails v2 exposes neither
// WebView2's NavigationStarting nor WKWebView's navigation delegate. The sign-in uses its
// loopback listener there.
func catchNavigation(func(string) bool) (stop func(), ok bool) { return nil, false }

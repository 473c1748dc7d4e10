// Package webview reaches the parts of the app's WebKit view that Wails does not expose.
package webview

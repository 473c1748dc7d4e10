//go:build !linux

package wake

import "context"

// Watch follows nothing outside Linux: on Windows the window hears the wake from the
// system itself (WM_POWERBROADCAST, through Wails: desktop.Options.OnWake); on macOS the
// workspace's wake notification would need an Objective-C observer in the window's cgo,
// which Wails v2 does not offer, so the session's timers notice within their bound there.
func Watch(context.Context, func(Event)) error { return ErrUnsupported }

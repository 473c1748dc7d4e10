// Package desktop is the window: the Wails runtime behind a small interface, so that the
// rest of the program (and its tests) never calls it directly. Only builds with the
// desktop tag link GTK and WebKit; the others get a Run that says the window is not there.
package desktop

import (
	"context"
	"io/fs"
	"net/http"
)

// DisplayError says that the window cannot open because its display cannot be opened: a
// DISPLAY left over in an SSH session, an X server that refuses the connection (sudo
// without XAUTHORITY), or no display at all. Run and CheckDisplay return it before
// anything of the window exists, so the program can say so and go on without it.
type DisplayError struct {
	// Variable names the setting the display was taken from: DISPLAY, or WAYLAND_DISPLAY.
	Variable string
	// Display is the display that was tried (the variable's value); "" when none is named.
	Display string
}

func (e *DisplayError) Error() string {
	if e.Display == "" {
		return "desktop: there is no display (" + e.Variable + " is not set)"
	}
	return "desktop: the display " + e.Display + " (" + e.Variable + ") cannot be opened"
}

// DisplayTried is the DisplayError for the environment getenv: the X display that GTK
// tries first (Wails makes it use X11 unless told otherwise), or Wayland's when only that
// is named.
func DisplayTried(getenv func(string) string) *DisplayError {
	if x := getenv("DISPLAY"); x != "" || getenv("WAYLAND_DISPLAY") == "" {
		return &DisplayError{Variable: "DISPLAY", Display: x}
	}
	return &DisplayError{Variable: "WAYLAND_DISPLAY", Display: getenv("WAYLAND_DISPLAY")}
}

// Window is what the app asks of the window. Its methods are safe to call from any
// goroutine once OnStartup has been called.
type Window interface {
	// Emit sends an event to the app's page.
	Emit(name string, data any)
	// ReloadApp brings the window back to the app's own page.
	ReloadApp()
	// Navigate shows url in the window (when no page of ours asks for it).
	Navigate(url string)
	// OpenBrowser opens url in the system browser.
	OpenBrowser(url string)
	// Raise brings the window to the front.
	Raise()
	// EndWebSessions forgets every site's cookies and storage in the window, so that the
	// next sign-in starts at AtomGit's login page.
	EndWebSessions()
	// Quit closes the window; Run returns.
	Quit()
	// CatchNavigation hands every navigation in the window (a server's redirect included)
	// to deliver before any request leaves, until stop is called and then the window shows
	// the app's own page again (another site's page may still navigate its frames until it
	// is gone, so deliver must go on refusing what it no longer wants); one that deliver
	// takes does not happen. deliver runs on the UI thread and must not block. ok is false
	// when the window cannot do this (outside Linux, or Wails' view not found).
	CatchNavigation(deliver func(url string) bool) (stop func(), ok bool)
}

// Options describe the window.
type Options struct {
	Title string
	// ProgramName is the window's program for the desktop (Linux: WM_CLASS and the
	// Wayland app id): the desktop entry's StartupWMClass, so that the desktop shows the
	// entry's name and icon for the window.
	ProgramName string
	Assets      fs.FS
	// Handler serves the app's own paths that Assets does not have (the configured logo);
	// nil: none.
	Handler http.Handler
	// Middleware sees every request for the app's own origin before Assets and Handler,
	// and may answer it (the page with its first screen's data inlined); nil: none.
	Middleware func(next http.Handler) http.Handler
	Icon       []byte
	// Bind are the controllers whose exported methods the app's page may call. Only the
	// app's own origin reaches them, never a page from elsewhere shown in the window.
	Bind []any
	Menu []Menu
	// OnStartup runs once the window exists, with Wails' context (HostWindow makes the
	// Window of it). Run's caller learns of a failure there its own way (the hook quits
	// the window, and keeps the error).
	OnStartup func(wctx context.Context)
	// OnDomReady runs after every page load in the window, with Wails' context.
	OnDomReady func(wctx context.Context)
	// OnWake runs when the machine has woken from sleep, where the window hears it itself:
	// on Windows (WM_POWERBROADCAST, through Wails). Linux follows logind instead
	// (internal/wake); nil: nothing.
	OnWake func()
}

// Menu is a submenu of the window's menu bar.
type Menu struct {
	Label string
	Items []MenuItem
}

// MenuItem is one menu entry; a zero Label makes a separator.
type MenuItem struct {
	Label string
	// Key is the accelerator: "escape", "ctrl+q" (cmd on macOS) or "".
	Key    string
	Action func()
}

//go:build !desktop

package desktop

import (
	"context"
	"errors"
)

// Linked reports whether this build links WebKit and can open the window itself.
const Linked = false

// Run fails: this build has no window.
func Run(context.Context, Options) error {
	return errors.New("desktop: this build has no window (build with the desktop tag)")
}

// CheckDisplay has nothing to check: this build opens no display (Run says so).
func CheckDisplay(string) error { return nil }

// HostWindow is a Window that does nothing: this build links no Wails runtime (a Wails
// app is built with the desktop tag, which `wails build` gives). It cannot catch
// navigations, so a sign-in listens on the loopback address.
func HostWindow(context.Context) Window { return noWindow{} }

// noWindow is the Window of a build without one.
type noWindow struct{}

func (noWindow) Emit(string, any)   {}
func (noWindow) ReloadApp()         {}
func (noWindow) Navigate(string)    {}
func (noWindow) OpenBrowser(string) {}
func (noWindow) Raise()             {}
func (noWindow) EndWebSessions()    {}
func (noWindow) Quit()              {}
func (noWindow) CatchNavigation(func(string) bool) (func(), bool) {
	return nil, false
}

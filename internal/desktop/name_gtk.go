//go:build linux && desktop

package desktop

/*
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
#include <gtk/gtk.h>
*/
import "C"

import "unsafe"

// setProgramName names the program for the desktop before GTK starts: X11's WM_CLASS
// becomes "name", "Name" (GTK capitalises the class) and Wayland's app id "name"; the
// desktop matches the instance part or the app id with its entry's StartupWMClass, and
// shows the entry's name and icon for the window. Wails' own ProgramName comes too late
// for that: it calls g_set_prgname after GTK is initialised and the window made, which
// by then carry the executable's name (atomgit-login-window).
func setProgramName(name string) {
	if name == "" {
		return
	}
	c := C.CString(name)
	defer C.free(unsafe.Pointer(c))
	C.g_set_prgname(c)
}

//go:build linux && desktop

package desktop

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>
*/
import "C"

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"syscall"
)

// CheckDisplay initialises GTK on its display, as Wails would, for the window of the
// program programName (Options.ProgramName: GTK names the window's class from it when it
// starts), and returns a *DisplayError when the display cannot be opened; Wails itself
// panics then ("failed to init GTK"). Once it has succeeded, Wails' own initialisation
// finds GTK ready. Call it from the goroutine that runs the window: GTK stays with this
// thread, which Wails locks for its main loop too.
func CheckDisplay(programName string) error {
	runtime.LockOSThread()
	setProgramName(programName) // before GTK starts: its WM_CLASS comes from it
	// Wails' own choice of backend (internal/frontend/desktop/linux/frontend.go), made
	// here first so that GTK opens the display Wails would.
	if st := os.Getenv("XDG_SESSION_TYPE"); os.Getenv("GDK_BACKEND") == "" && (st == "" || st == "unspecified" || st == "x11") {
		_ = os.Setenv("GDK_BACKEND", "x11")
	}
	if quietUnlessOK(func() bool { return C.gtk_init_check(nil, nil) == 1 }) {
		return nil
	}
	return DisplayTried(os.Getenv)
}

// quietUnlessOK runs init with standard error caught, and passes on what it wrote only
// when it reports success: a display that refuses the connection makes Xlib write its own
// line ("Authorization required, but no authorization protocol specified"), and the
// program says what failed in a sentence of its own.
func quietUnlessOK(init func() bool) bool {
	saved, err := syscall.Dup(2)
	if err != nil {
		return init()
	}
	defer syscall.Close(saved)
	r, w, err := os.Pipe()
	if err != nil {
		return init()
	}
	if err := syscall.Dup3(int(w.Fd()), 2, syscall.O_CLOEXEC); err != nil {
		r.Close()
		w.Close()
		return init()
	}
	var said bytes.Buffer
	read := make(chan struct{})
	go func() { io.Copy(&said, r); r.Close(); close(read) }()
	ok := init()
	_ = syscall.Dup3(saved, 2, 0) // closes the pipe's copy on 2: with w's, the reader ends
	w.Close()
	<-read
	if ok {
		os.Stderr.Write(said.Bytes())
	}
	return ok
}

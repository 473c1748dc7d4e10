//go:build linux && desktop && webkit2_41

package desktop

// The functions that nav_webkit.go's C code calls. They live apart because a file with
// //export may only declare C in its preamble, and nav_webkit.go defines some.

/*
#include <stdint.h>
*/
import "C"

import "runtime/cgo"

// goNavigation runs on GTK's main thread for every navigation while a catch is on: it
// reports whether deliver took uri. deliver decides without blocking.
//
//export goNavigation
func goNavigation(uri *C.char) C.int {
	nav.mu.Lock()
	deliver := nav.deliver
	nav.mu.Unlock()
	if deliver != nil && deliver(C.GoString(uri)) {
		return 1
	}
	return 0
}

// goCatchReady tells catchNavigation whether the view was found (exactly once per call).
//
//export goCatchReady
func goCatchReady(ready C.uintptr_t, ok C.int) {
	h := cgo.Handle(ready)
	h.Value().(chan bool) <- ok != 0
	h.Delete()
}

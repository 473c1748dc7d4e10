//go:build !windows

package cli

import "syscall"

// windowBinary is the build of this program that links WebKit. The commands are built
// without it: loading GTK and WebKit's 169 libraries costs ~100 ms a start, and tools
// call `atomgit-login token` on every git operation.
const windowBinary = "atomgit-login-window"

// startWindow replaces this process with the window build (exec(2)): the window keeps
// this process's id, terminal and exit code, and nothing waits for it.
func startWindow(path string, args, environ []string) error {
	return syscall.Exec(path, append([]string{path}, args...), environ)
}

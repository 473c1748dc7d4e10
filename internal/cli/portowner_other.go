//go:build !linux

package cli

// portOwner cannot tell outside Linux which process holds a port (without /proc):
// diagnose says only that another program does.
func portOwner(int) (pid int, name string, ok bool) { return 0, "", false }

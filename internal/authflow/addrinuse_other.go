//go:build !windows

package authflow

import "syscall"

// errAddrInUse is how the system reports a port that another socket holds.
var errAddrInUse error = syscall.EADDRINUSE

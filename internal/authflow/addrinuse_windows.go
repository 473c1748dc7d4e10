package authflow

import "golang.org/x/sys/windows"

// errAddrInUse is how Winsock reports a port that another socket holds (WSAEADDRINUSE,
// 10048); Go's syscall.EADDRINUSE is a different number on Windows and never matches it.
var errAddrInUse error = windows.WSAEADDRINUSE

//go:build unix

package brand

import "syscall"

// openFlags make opening the logo return at once whatever the file is: a named pipe
// without a writer would otherwise keep the open waiting for ever (and a terminal device
// must not become the process's controlling terminal).
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY

//go:build !unix

package brand

// openFlags: on Windows opening a file does not wait on a pipe's writer.
const openFlags = 0

//go:build desktop && !linux

package desktop

// setProgramName has nothing to do outside Linux: Windows and macOS name a window's
// program by its executable and bundle.
func setProgramName(string) {}

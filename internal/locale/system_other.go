//go:build !windows

package locale

// systemLanguage is the system's language where no locale variable is set: none outside
// Windows. The locale variables are the system's answer on Linux and the BSDs; a macOS
// app started from the Finder has none and speaks English (asking macOS for the user's
// languages would need cgo).
func systemLanguage() string { return "" }

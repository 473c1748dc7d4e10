package cli

import "os"

// windowBinary is the build of this program that shows the window (WebView2), a GUI
// program (-H windowsgui) installed beside this console one.
const windowBinary = "atomgit-login-window.exe"

// startWindow runs the window build and, once it closes, ends this process with its exit
// code, 0 included, as exec(2) does elsewhere: the window has said everything (a login's
// account, too), and nothing of this process may run after it. Windows has no exec(2):
// the console program stays to pass on the window's standard streams and exit code to
// whoever started it (a terminal, a script).
func startWindow(path string, args, environ []string) error {
	code, err := runWindow(path, args, environ, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		return err
	}
	os.Exit(code)
	return nil // not reached
}

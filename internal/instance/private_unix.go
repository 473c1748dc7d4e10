//go:build unix

package instance

import (
	"fmt"
	"os"
)

// private makes dir (the app's folder in the user's cache folder) reachable by its owner
// only, whatever made it before: nobody else may reach the window's socket.
func private(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// protect lets only the owner connect to the socket (connecting needs write permission),
// besides the folder's own protection.
func protect(socket string) error { return os.Chmod(socket, 0o600) }

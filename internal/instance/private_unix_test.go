//go:build unix

package instance

import (
	"os"
	"path/filepath"
	"testing"
)

// Only the user reaches the socket: its folder is made 0700 whatever it was, and the
// socket itself 0600.
func TestOnlyTheUserReachesTheSocket(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	i, err := Claim(Place{Lock: filepath.Join(dir, "w.lock"), Socket: filepath.Join(dir, "w.sock")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer i.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "w.sock"): 0o600, filepath.Join(dir, "w.lock"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(path), got, want)
		}
	}
}

//go:build unix

package instance

import (
	"os"
	"path/filepath"
	"strings"
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

// A window never makes private, locks or listens in a folder reached through a planted
// link: the folder the link points at keeps its mode, and the claim fails naming the link.
func TestClaimRefusesALinkedFolder(t *testing.T) {
	root := t.TempDir()
	other := filepath.Join(root, "other")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(other, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "app")
	if err := os.Symlink(other, dir); err != nil {
		t.Fatal(err)
	}
	i, err := Claim(Place{Lock: filepath.Join(dir, "w.lock"), Socket: filepath.Join(dir, "w.sock")}, nil)
	if err == nil {
		i.Close()
	}
	if err == nil || !strings.Contains(err.Error(), dir+" is a symbolic link") {
		t.Errorf("Claim = %v, want it to say %s is a symbolic link", err, dir)
	}
	if fi, err := os.Stat(other); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("the folder the link points at: %v, %v; want it left 0755", fi.Mode(), err)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 0 {
		t.Errorf("files made in the folder the link points at: %v", entries)
	}
}

// A caller never creates the lock through a planted link when it asks whether a window
// holds it.
func TestACallerRefusesALinkAtTheLock(t *testing.T) {
	at := place(t)
	target := filepath.Join(t.TempDir(), "outside")
	if err := os.Symlink(target, at.Lock); err != nil {
		t.Fatal(err)
	}
	err := Raise(testContext(t), at)
	if err == nil || !strings.Contains(err.Error(), at.Lock+" is a symbolic link") {
		t.Errorf("Raise = %v, want it to say %s is a symbolic link", err, at.Lock)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("the lock was created through the link")
	}
}

//go:build unix

package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// planted is a folder for the app's files in which a link or a file was put where one of
// them goes, and a file outside it that the link points at.
type planted struct {
	dir, target string
}

const targetText = "a file of someone else's\n"

func plant(t *testing.T) planted {
	t.Helper()
	root := t.TempDir()
	p := planted{dir: filepath.Join(root, "atomgit-login"), target: filepath.Join(root, "outside")}
	if err := os.Mkdir(p.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.target, []byte(targetText), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// link puts a symbolic link to the target at name in the folder.
func (p planted) link(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.Symlink(p.target, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// untouched fails the test when the target changed.
func (p planted) untouched(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(p.target)
	if err != nil || string(b) != targetText {
		t.Errorf("the file outside now holds %q, %v; want it untouched", b, err)
	}
	if fi, err := os.Stat(p.target); err == nil && fi.Mode().Perm() != 0o644 {
		t.Errorf("the file outside is now mode %o, want 0644", fi.Mode().Perm())
	}
}

// wantRefused fails the test unless err refuses path with words that say so.
func wantRefused(t *testing.T, err error, path, why string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), why) {
		t.Errorf("err = %v, want it to name %s and say %q", err, path, why)
	}
}

// The change signal is never written through a link planted where it goes.
func TestRaiseRefusesALinkAtTheSignal(t *testing.T) {
	p := plant(t)
	path := p.link(t, "realm.changed")
	wantRefused(t, FileSignal{Path: path}.Raise(), path, "symbolic link")
	p.untouched(t)
}

// The lock is never created or opened through a planted link, and a lock file of another
// user's is refused before any wait: at once, naming the file.
func TestFileLockRefusesALinkAndAForeignFile(t *testing.T) {
	p := plant(t)
	link := p.link(t, "link.lock")
	foreign := filepath.Join(p.dir, "foreign.lock")
	if err := os.WriteFile(foreign, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(foreign, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	for path, why := range map[string]string{link: "symbolic link", foreign: "belongs to user 65534"} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		unlock, err := FileLock{Path: path}.Lock(ctx)
		if err == nil {
			unlock()
		}
		if ctx.Err() != nil {
			t.Errorf("%s: Lock waited until its context ended", path)
		}
		cancel()
		wantRefused(t, err, path, why)
		if !errors.Is(err, ErrLockUnavailable) {
			t.Errorf("%s: Lock = %v, want ErrLockUnavailable", path, err)
		}
	}
	p.untouched(t)
}

// A lock that another process holds for longer than the lock's patience ends the wait
// with an error that names the file, instead of waiting for ever.
func TestFileLockHeldTooLongSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app", "realm.lock")
	unlock, err := FileLock{Path: path}.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = FileLock{Path: path, Patience: 20 * time.Millisecond}.Lock(context.Background())
	if !errors.Is(err, ErrLockHeld) || errors.Is(err, ErrLockUnavailable) {
		t.Errorf("Lock = %v, want ErrLockHeld", err)
	}
	wantRefused(t, err, path, "held by another process")
}

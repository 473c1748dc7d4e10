//go:build unix

package privdir

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests run as root (as CI does), so that they can give files to another user.
const nobody = 65534

// world is a private folder, and a file and a folder outside it that planted links point
// at.
type world struct {
	dir, file, folder string
}

const outsideText = "someone else's\n"

func newWorld(t *testing.T) world {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("run as root: these tests give files to another user")
	}
	root := t.TempDir()
	w := world{dir: filepath.Join(root, "app"), file: filepath.Join(root, "file"), folder: filepath.Join(root, "folder")}
	if err := Make(w.dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.file, []byte(outsideText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(w.folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(w.folder, 0o755); err != nil {
		t.Fatal(err)
	}
	return w
}

// untouched fails the test when anything outside the private folder changed.
func (w world) untouched(t *testing.T) {
	t.Helper()
	if b, err := os.ReadFile(w.file); err != nil || string(b) != outsideText {
		t.Errorf("the file outside holds %q, %v", b, err)
	}
	for path, mode := range map[string]fs.FileMode{w.file: 0o644, w.folder: 0o755} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: %v, %v; want mode %o", path, fi.Mode(), err, mode)
		}
	}
	if entries, _ := os.ReadDir(w.folder); len(entries) != 0 {
		t.Errorf("made in the folder outside: %v", entries)
	}
}

// at is the path of name in the private folder.
func (w world) at(name string) string { return filepath.Join(w.dir, name) }

func refused(t *testing.T, what string, err error, path, why string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrUnsafe) || e.Path != path || !strings.Contains(e.Why, why) || e.Remedy == "" {
		t.Errorf("%s = %v, want %s refused: %q", what, err, path, why)
	}
}

// Every way into a file refuses a planted link to a file, to a folder, or to nothing yet,
// and touches nothing outside.
func TestPlantedLinksAreRefused(t *testing.T) {
	w := newWorld(t)
	for _, to := range []string{w.file, w.folder, filepath.Join(w.folder, "new")} {
		path := w.at("planted")
		os.Remove(path)
		if err := os.Symlink(to, path); err != nil {
			t.Fatal(err)
		}
		refused(t, "WriteFile", WriteFile(path, []byte("x")), path, "is a symbolic link")
		_, err := ReadFile(path)
		refused(t, "ReadFile", err, path, "is a symbolic link")
		refused(t, "Replace", Replace(path, []byte("x")), path, "is a symbolic link")
		refused(t, "Check", Check(path, 0), path, "is a symbolic link")
		refused(t, "Protect", Protect(path, fs.ModeSocket), path, "is a symbolic link")
		_, err = NewLock(path).TryLock()
		refused(t, "TryLock", err, path, "is a symbolic link")
		refused(t, "Wait", NewLock(path).Wait(context.Background(), 0), path, "is a symbolic link")
	}
	w.untouched(t)
}

// A private folder that is a link (to a folder of the user's, even) is refused, and the
// folder it points at is not made private nor written in.
func TestALinkedFolderIsRefused(t *testing.T) {
	w := newWorld(t)
	dir := filepath.Join(filepath.Dir(w.dir), "linked")
	if err := os.Symlink(w.folder, dir); err != nil {
		t.Fatal(err)
	}
	refused(t, "Make", Make(dir), dir, "is a symbolic link")
	_, err := NewLock(filepath.Join(dir, "x.lock")).TryLock()
	refused(t, "TryLock", err, dir, "is a symbolic link")
	w.untouched(t)
}

// A file of another user's is refused before it is used: a lock is not waited on.
func TestAForeignFileIsRefused(t *testing.T) {
	w := newWorld(t)
	path := w.at("foreign")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	refused(t, "WriteFile", WriteFile(path, []byte("x")), path, "belongs to user 65534, not to you (user 0)")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	refused(t, "Wait", NewLock(path).Wait(ctx, 0), path, "belongs to user 65534")
	if ctx.Err() != nil {
		t.Error("Wait waited on a foreign lock file")
	}
	refused(t, "Replace", Replace(path, nil), path, "belongs to user 65534")
	if err := os.Chown(w.dir, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	refused(t, "Make", Make(w.dir), w.dir, "belongs to user 65534")
}

// A folder or a file that others may write is refused; one that others may only read is
// made the user's alone (a folder) or left to the files' own checks.
func TestWhatOthersMayWriteIsRefused(t *testing.T) {
	w := newWorld(t)
	for _, mode := range []fs.FileMode{0o770, 0o707, 0o777 | fs.ModeSticky} {
		if err := os.Chmod(w.dir, mode); err != nil {
			t.Fatal(err)
		}
		refused(t, "Make", Make(w.dir), w.dir, "can be written by other users")
	}
	if err := os.Chmod(w.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Make(w.dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(w.dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("a folder others could read is now %o, want 0700", fi.Mode().Perm())
	}
	path := w.at("shared")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o664); err != nil {
		t.Fatal(err)
	}
	refused(t, "WriteFile", WriteFile(path, nil), path, "can be written by other users (mode 0664)")
}

// A named pipe, a folder, or a second name of another file where a file goes is refused
// at once: nothing waits on the pipe, nothing writes through the hard link.
func TestOtherKindsOfFileAreRefused(t *testing.T) {
	w := newWorld(t)
	pipe := w.at("pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	folder := w.at("folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(filepath.Dir(w.dir), "mine")
	if err := os.WriteFile(mine, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	hard := w.at("hard")
	if err := os.Link(mine, hard); err != nil {
		t.Fatal(err)
	}
	for path, why := range map[string]string{pipe: "is not a regular file", folder: "is not a regular file", hard: "has other names (2 hard links)"} {
		refused(t, "WriteFile", WriteFile(path, []byte("x")), path, why)
		_, err := ReadFile(path)
		refused(t, "ReadFile", err, path, why)
		_, err = NewLock(path).TryLock()
		refused(t, "TryLock", err, path, why)
	}
	if b, _ := os.ReadFile(mine); string(b) != "keep" {
		t.Errorf("written through the hard link: %q", b)
	}
}

// Run as root, the program keeps no files below a folder that another user could change
// (sudo -E, with the user's HOME): that user could swap in a link to a system file.
func TestRootKeepsNoFilesWhereAnotherUserCouldChangeThem(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, ".cache", "atomgit-login")
	refused(t, "Make", Make(dir), home, "belongs to user 65534")
	if _, err := os.Lstat(filepath.Join(home, ".cache")); err == nil {
		t.Error("a folder was made in the other user's folder")
	}
	// A link above the folder, of root's, that leads into the other user's folder.
	via := filepath.Join(t.TempDir(), "via")
	if err := os.Symlink(home, via); err != nil {
		t.Fatal(err)
	}
	refused(t, "Make", Make(filepath.Join(via, "atomgit-login")), home, "belongs to user 65534")
	// A folder of root's that others may write, not sticky.
	open := filepath.Join(t.TempDir(), "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	refused(t, "Make", Make(filepath.Join(open, "atomgit-login")), open, "can be written by other users")
}

// The files the program makes are the user's alone, and stay usable: written in place,
// read back, replaced, locked; a socket made private.
func TestTheProgramsOwnFilesWork(t *testing.T) {
	w := newWorld(t)
	path := w.at("signal")
	for _, text := range []string{"a longer first text\n", "short\n"} {
		if err := WriteFile(path, []byte(text)); err != nil {
			t.Fatal(err)
		}
		if b, err := ReadFile(path); err != nil || string(b) != text {
			t.Errorf("ReadFile = %q, %v; want %q", b, err, text)
		}
	}
	if err := Replace(path, []byte("replaced")); err != nil {
		t.Fatal(err)
	}
	if b, _ := ReadFile(path); string(b) != "replaced" {
		t.Errorf("after Replace: %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 0600", fi.Mode().Perm())
	}
	l := NewLock(w.at("x.lock"))
	if held, err := l.TryLock(); !held || err != nil {
		t.Fatalf("TryLock = %v, %v", held, err)
	}
	other := NewLock(w.at("x.lock"))
	if held, err := other.TryLock(); held || err != nil {
		t.Errorf("a second TryLock = %v, %v; want false: held", held, err)
	}
	var he *HeldError
	if err := other.Wait(context.Background(), 10*time.Millisecond); !errors.As(err, &he) || !errors.Is(err, ErrHeld) || he.Path != w.at("x.lock") {
		t.Errorf("Wait on a held lock = %v, want a HeldError", err)
	}
	l.Unlock()
	if err := other.Wait(context.Background(), 0); err != nil {
		t.Errorf("Wait on a free lock: %v", err)
	}
	other.Unlock()
	sock := w.at("s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := os.Chmod(sock, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := Protect(sock, fs.ModeSocket); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(sock); fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %o, want 0600", fi.Mode().Perm())
	}
	if err := Check(sock, fs.ModeSocket); err != nil {
		t.Errorf("Check of the socket: %v", err)
	}
}

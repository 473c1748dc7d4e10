// Package privdir keeps the program's own files (its locks, its change signal, its
// socket, the token file) in a private folder of the user's: the folder and the files in
// it are created, opened, written and made private without following a symbolic link,
// and each must belong to the user who runs the program and be writable by nobody else.
// Anything else there (a planted link, another user's file, a folder that others may
// write) is refused with an *Error that names it and says what to do, never followed and
// never waited on.
//
// On Unix a file is opened with O_NOFOLLOW and O_NONBLOCK and checked after it is
// opened (fstat: owner, mode, type, links). A program run as root keeps its files only
// where no other user could replace them: every folder above the private folder must
// belong to root (and be writable by nobody else, or sticky like /tmp). So `sudo -E`,
// which keeps the user's HOME, is refused with a message rather than letting the user
// point root's writes anywhere. On Windows, where the user's folders are private by
// their access control lists, links (reparse points) are refused; owners and modes are
// not checked.
package privdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrUnsafe is what every *Error is (errors.Is): a file or folder the program will not use.
var ErrUnsafe = errors.New("privdir: refused")

// Error is a file or folder that the program will not use: what is wrong with it, and
// what the person can do.
type Error struct {
	Path   string
	Why    string // "is a symbolic link", "belongs to user 65534, not to you (user 0)", …
	Remedy string
}

func (e *Error) Error() string { return e.Path + " " + e.Why + ": " + e.Remedy }

// Is makes every *Error ErrUnsafe.
func (e *Error) Is(target error) bool { return target == ErrUnsafe }

// Make makes dir the program's private folder: it creates it (and its missing parents)
// with mode 0700, or checks the folder there: a folder, not a link, the user's own, not
// writable by anyone else. A folder of the user's that others may read or enter is made
// 0700. It does not follow a link at dir.
func Make(dir string) error {
	parent := filepath.Dir(dir)
	if err := checkAbove(parent); err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if err := check(dir, fi, fs.ModeDir); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return seal(dir, fi)
	}
	return nil
}

// Check reports whether the entry at path, if there is one, is one the program may use: of
// the kind given (0 for a regular file, fs.ModeDir, fs.ModeSocket), not a link, the user's
// own, writable by nobody else, and (a file) with no other name. Nothing there is fine.
func Check(path string, kind fs.FileMode) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return check(path, fi, kind)
}

// Protect makes the entry at path (of the kind given, in a folder that Make accepted)
// readable and writable by its owner only, once it is checked to be of that kind, not a
// link, and the user's own: a socket, which is created with the umask's mode and cannot be
// opened to change it.
func Protect(path string, kind fs.FileMode) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if err := checkWhose(path, fi, kind); err != nil {
		return err
	}
	return os.Chmod(path, 0o600) // in a folder that only the user can change: no link can appear
}

// check reports whether fi, the entry at path, is one the program may use (see Check).
func check(path string, fi fs.FileInfo, kind fs.FileMode) error {
	if err := checkWhose(path, fi, kind); err != nil {
		return err
	}
	if mode := fi.Mode(); writableByOthers(mode) {
		return &Error{path, fmt.Sprintf("can be written by other users (mode %04o)", mode.Perm()),
			"make it yours alone (chmod go-w " + path + "), or remove it"}
	}
	if kind == 0 {
		return checkLinks(path, fi)
	}
	return nil
}

// checkWhose reports whether fi, the entry at path, is of the kind given, not a link, and
// the user's own.
func checkWhose(path string, fi fs.FileInfo, kind fs.FileMode) error {
	switch mode := fi.Mode(); {
	case isLink(mode) && kind == fs.ModeDir:
		return &Error{path, "is a symbolic link", "remove the link: atomgit-login makes the folder again"}
	case isLink(mode):
		return &Error{path, "is a symbolic link", "remove it: atomgit-login makes a file of its own there"}
	case mode.Type() != kind:
		return &Error{path, "is not " + kinds[kind], "remove it: atomgit-login makes it again"}
	}
	return checkOwner(path, fi)
}

var kinds = map[fs.FileMode]string{0: "a regular file", fs.ModeDir: "a folder", fs.ModeSocket: "a socket"}

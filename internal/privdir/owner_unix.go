//go:build unix

package privdir

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// openFlags open a file without following a link at its name (ELOOP) and without waiting
// (a named pipe), and never make a terminal the controlling one.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_NOCTTY

// beforeOpen has nothing to check: O_NOFOLLOW refuses a link at the name itself.
func beforeOpen(string) error { return nil }

func isLink(mode fs.FileMode) bool { return mode&fs.ModeSymlink != 0 }

func writableByOthers(mode fs.FileMode) bool { return mode.Perm()&0o022 != 0 }

// checkOwner reports whether fi, the entry at path, belongs to the effective user.
func checkOwner(path string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%s: no owner known", path)
	}
	me := os.Geteuid()
	if int(st.Uid) == me {
		return nil
	}
	remedy := "remove it, or run atomgit-login as that user"
	if st.Uid == 0 {
		remedy = "atomgit-login run as root (sudo) made it: remove it as root (sudo rm -r " + path + ")"
	}
	return &Error{path, fmt.Sprintf("belongs to user %d, not to you (user %d)", st.Uid, me), remedy}
}

// checkLinks reports whether fi, the regular file at path, has no other name: a hard link
// to a file of the user's elsewhere is refused, as a symbolic one is.
func checkLinks(path string, fi fs.FileInfo) error {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && uint64(st.Nlink) > 1 {
		return &Error{path, fmt.Sprintf("has other names (%d hard links)", st.Nlink), "remove it: atomgit-login makes a file of its own there"}
	}
	return nil
}

// seal makes the folder dir, whose entry is fi, 0700: through the folder opened without
// following a link, and only when it is still that folder.
func seal(dir string, fi fs.FileInfo) error {
	f, err := os.OpenFile(dir, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	now, err := f.Stat()
	if err != nil {
		return err
	}
	if !os.SameFile(fi, now) {
		return &Error{dir, "changed while it was checked", "try again"}
	}
	return f.Chmod(0o700)
}

// checkAbove reports whether the folders above the private folder (dir and its parents,
// as far as they exist) are safe for a program run as root: each, and each folder a link
// among them leads to, must belong to root and be writable by nobody else, unless sticky
// (as /tmp is: there nobody can replace another's entry). Anyone else who could change one
// of them could put a link to a system file where root writes. For other users it checks
// nothing: the folders above their private folder are theirs to arrange.
func checkAbove(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	for {
		if _, err := os.Lstat(dir); err == nil {
			return rootsAlone(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// rootsAlone reports whether p, every folder above it, and where each link among them
// leads, belong to root and are writable by nobody else (or sticky).
func rootsAlone(p string) error {
	for {
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		mode := fi.Mode()
		switch {
		case !ok:
			return fmt.Errorf("%s: no owner known", p)
		case st.Uid != 0:
			return &Error{p, fmt.Sprintf("belongs to user %d", st.Uid), notRoots}
		case mode.IsDir() && writableByOthers(mode) && mode&fs.ModeSticky == 0:
			return &Error{p, fmt.Sprintf("can be written by other users (mode %04o)", mode.Perm()), notRoots}
		case isLink(mode):
			to, err := filepath.EvalSymlinks(p)
			if err != nil {
				return err
			}
			if err := rootsAlone(to); err != nil {
				return err
			}
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil
		}
		p = parent
	}
}

// notRoots is what to do when root is asked to keep files where another user could
// change them.
const notRoots = "atomgit-login run as root keeps no files in a folder another user could change: run it as that user " +
	"(not with sudo -E), or give root a cache and config folder of its own (XDG_CACHE_HOME, XDG_CONFIG_HOME)"

//go:build windows

package privdir

import (
	"io/fs"
	"os"
)

// openFlags: Windows has no O_NOFOLLOW; beforeOpen refuses a link (a reparse point) at the
// name instead. The user's folders are private by their access control lists, so nobody
// else can put one there between the check and the open.
const openFlags = 0

// beforeOpen refuses a link (a reparse point) at path.
func beforeOpen(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil // nothing there: the open creates the file, or says why not
	}
	if isLink(fi.Mode()) {
		return &Error{path, "is a symbolic link", "remove it: atomgit-login makes a file of its own there"}
	}
	return nil
}

// isLink reports a symbolic link, a junction or another reparse point (Go reports those
// as irregular).
func isLink(mode fs.FileMode) bool { return mode&(fs.ModeSymlink|fs.ModeIrregular) != 0 }

// writableByOthers: Windows' modes say nothing of other users (access control lists do).
func writableByOthers(fs.FileMode) bool { return false }

// checkOwner checks nothing: the user's folders (%LocalAppData%, %AppData%) are theirs by
// their access control lists, which the files in them inherit.
func checkOwner(string, fs.FileInfo) error { return nil }

// checkLinks checks nothing: hard links are no way into another user's files there.
func checkLinks(string, fs.FileInfo) error { return nil }

// seal does nothing: the folder is private by its access control list.
func seal(string, fs.FileInfo) error { return nil }

// checkAbove checks nothing (see checkOwner).
func checkAbove(string) error { return nil }

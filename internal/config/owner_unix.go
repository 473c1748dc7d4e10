//go:build unix

package config

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// checkOwner accepts a system file that belongs to root or to the person running the
// program, and that nobody else may write: not writable by others, nor by its group
// unless that is root's.
func checkOwner(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New("its owner cannot be read")
	}
	return ownerProblem(st.Uid, st.Gid, fi.Mode().Perm(), uint32(os.Geteuid()))
}

// ownerProblem says what is wrong with a file of owner uid and group gid with perm, for
// the user euid, or nil.
func ownerProblem(uid, gid uint32, perm os.FileMode, euid uint32) error {
	switch {
	case uid != 0 && uid != euid:
		return fmt.Errorf("it belongs to user %d, not to root: only an administrator may write it", uid)
	case perm&0o002 != 0:
		return errors.New("it is writable by every user: make it writable by root only (chmod 644)")
	case perm&0o020 != 0 && gid != 0:
		return fmt.Errorf("it is writable by group %d: make it writable by root only (chmod 644)", gid)
	}
	return nil
}

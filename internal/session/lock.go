package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// Locker serialises the writers of a realm (and its refreshes) across processes.
type Locker interface {
	// Lock blocks until the lock is held or ctx ends; unlock releases it.
	Lock(ctx context.Context) (unlock func(), err error)
}

// LocalLock is a Locker for one process: for a store that no other process shares.
// Make it with NewLocalLock; copies share the lock.
type LocalLock struct{ ch chan struct{} }

// NewLocalLock returns an unlocked LocalLock.
func NewLocalLock() LocalLock { return LocalLock{ch: make(chan struct{}, 1)} }

// Lock takes the lock, or gives up when ctx ends.
func (l LocalLock) Lock(ctx context.Context) (func(), error) {
	select {
	case l.ch <- struct{}{}:
		return func() { <-l.ch }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("session: waiting for the store: %w", ctx.Err())
	}
}

// ErrLockUnavailable is a lock that cannot be had at all (its file cannot be created or
// opened, or is refused: a link, another user's file), as opposed to one another process
// holds.
var ErrLockUnavailable = errors.New("session: the lock file cannot be used")

// ErrLockHeld is why FileLock.Lock gives up on a lock that another process has held for
// all its patience (a *privdir.HeldError names the file and how long).
var ErrLockHeld = privdir.ErrHeld

// FileLock is a Locker on a locked file (flock(2) on Unix, LockFileEx on Windows, through
// github.com/gofrs/flock), in a private folder of the user's (privdir): the file and its
// folder are never created or opened through a link, and must be the user's own. The
// operating system releases the lock when its holder dies, so a crashed process cannot
// keep it.
type FileLock struct {
	Path string
	// Patience is how long Lock waits for a lock that another process holds, at most
	// (then ErrLockHeld); 0: five minutes, longer than any holder of the program's takes
	// (a refresh's request, a keyring that asks for its password).
	Patience time.Duration
}

var _ Locker = FileLock{}

// lockPatience is FileLock's Patience when none is given.
const lockPatience = 5 * time.Minute

// ErrNoCacheDir is why LockPath and SignalPath fail: the user has no cache folder of
// their own (neither HOME nor XDG_CACHE_HOME is set to an absolute path). The lock is
// never put in a folder that every user shares, such as /tmp, where another user could
// hold it or replace it.
var ErrNoCacheDir = errors.New("session: no cache folder of the user's own for the lock (set HOME or XDG_CACHE_HOME)")

// LockPath is the lock file for a realm, in the user's cache folder; without one it is
// an error that wraps ErrNoCacheDir.
func LockPath(realm string) (string, error) {
	dir, err := os.UserCacheDir()
	if err == nil && !filepath.IsAbs(dir) {
		err = fmt.Errorf("%q is not an absolute path", dir)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoCacheDir, err)
	}
	safe := []rune(realm)
	for i, r := range safe {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			safe[i] = '_'
		}
	}
	return filepath.Join(dir, "atomgit-login", string(safe)+".lock"), nil
}

// Lock takes the lock, trying again every few milliseconds while another process holds
// it (there is no waiting file lock that a context can interrupt), until ctx ends or the
// lock's patience has passed. A lock file that cannot be used (a planted link, another
// user's file) is ErrLockUnavailable at once, naming the file.
func (l FileLock) Lock(ctx context.Context) (func(), error) {
	f := privdir.NewLock(l.Path)
	err := f.Wait(ctx, cmp.Or(l.Patience, lockPatience))
	switch {
	case err == nil:
		return func() { f.Unlock() }, nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("session: waiting for another process's refresh: %w", ctx.Err())
	case errors.Is(err, ErrLockHeld):
		return nil, fmt.Errorf("session: %w", err)
	}
	if _, ok := errors.AsType[*fs.PathError](err); !ok && !errors.Is(err, privdir.ErrUnsafe) {
		err = &fs.PathError{Op: "lock", Path: l.Path, Err: err}
	}
	return nil, fmt.Errorf("%w: %w", ErrLockUnavailable, err)
}

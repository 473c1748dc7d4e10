package privdir

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// Lock is an exclusive lock on a file in a private folder, shared by the program's
// processes: flock(2) on Unix, LockFileEx on Windows, through github.com/gofrs/flock. The
// operating system releases it when its holder dies. The lock file is created (mode 0600)
// and opened as WriteFile's files are, and checked like them before it is locked, so that
// a file planted there is refused at once rather than locked, or waited on. A Lock is used
// by one goroutine at a time.
type Lock struct {
	path string
	f    *flock.Flock
}

// NewLock is the lock on the file at path; it does not touch the file.
func NewLock(path string) *Lock {
	return &Lock{path: path, f: flock.New(path, flock.SetFlag(os.O_RDWR|os.O_CREATE|openFlags), flock.SetPermissions(0o600))}
}

// ErrHeld is what a *HeldError is (errors.Is).
var ErrHeld = errors.New("privdir: the lock is held by another process")

// HeldError is why Wait gave up: another process held the lock for all its patience.
type HeldError struct {
	Path string
	For  time.Duration
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%s has been held by another process for %v: end that process (fuser -v %s names it) and try again",
		e.Path, e.For, e.Path)
}

// Is makes every *HeldError ErrHeld.
func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// TryLock takes the lock when no other process holds it, in the folder made private
// (Make) first. It reports false, with no error, when another process holds it.
func (l *Lock) TryLock() (bool, error) {
	if err := Make(filepath.Dir(l.path)); err != nil {
		return false, err
	}
	return l.try()
}

// Wait takes the lock, in the folder made private (Make) first, trying again every few
// milliseconds while another process holds it (no waiting file lock can be interrupted),
// until ctx ends (its error) or patience has passed (a *HeldError; 0: no limit).
func (l *Lock) Wait(ctx context.Context, patience time.Duration) error {
	if err := Make(filepath.Dir(l.path)); err != nil {
		return err
	}
	start := time.Now()
	for {
		held, err := l.try()
		if err != nil || held {
			return err
		}
		if waited := time.Since(start); patience > 0 && waited >= patience {
			return &HeldError{Path: l.path, For: waited.Round(time.Millisecond)}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Unlock releases the lock (and closes its file); releasing a lock not held does nothing.
func (l *Lock) Unlock() error { return l.f.Unlock() }

// try takes the lock if it is free. A file there that Check refuses is refused before it
// is opened; the file locked is checked again.
func (l *Lock) try() (bool, error) {
	if err := Check(l.path, 0); err != nil {
		return false, err
	}
	held, err := l.f.TryLock()
	if err != nil {
		if err = openError(l.path, err); errors.Is(err, ErrUnsafe) {
			return false, err
		}
		return false, &os.PathError{Op: "lock", Path: l.path, Err: err}
	}
	if !held {
		return false, nil
	}
	fi, err := l.f.Stat() // the file locked, as opened
	if err == nil {
		err = check(l.path, fi, 0)
	}
	if err != nil {
		l.f.Unlock()
		return false, err
	}
	return true, nil
}

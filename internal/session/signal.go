package session

import (
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"sync"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
	"github.com/fsnotify/fsnotify"
)

// Signal tells the processes that follow a realm that what is stored has changed.
type Signal interface {
	// Raise says that a write happened. Writers raise it while they hold the lock.
	Raise() error
	// Watch calls changed after each Raise, in any process, until ctx ends. Raises that
	// come while changed runs are folded into one more call. It returns once watching has
	// begun, so a Raise after it returns is never missed; done is closed once ctx has
	// ended and nothing of the watch runs any more (changed included).
	Watch(ctx context.Context, changed func()) (done <-chan struct{}, err error)
}

// FileSignal is a Signal on a small file: Raise rewrites it, and Watch follows its folder
// with the platform's file notifications (inotify, ReadDirectoryChangesW, kqueue), so a
// window that waits for a change wakes for nothing else.
type FileSignal struct {
	Path string
}

var _ Signal = FileSignal{}

// SignalPath is the change file for a realm, beside its lock; without a cache folder it
// is an error that wraps ErrNoCacheDir, as for LockPath.
func SignalPath(realm string) (string, error) {
	lock, err := LockPath(realm)
	if err != nil {
		return "", err
	}
	return lock[:len(lock)-len(".lock")] + ".changed", nil
}

// Raise rewrites the file with a new random word, in place, in a private folder of the
// user's (privdir): never through a link, never a file of another user's.
func (s FileSignal) Raise() error {
	if err := privdir.Make(filepath.Dir(s.Path)); err != nil {
		return fmt.Errorf("session: signal: %w", err)
	}
	if err := privdir.WriteFile(s.Path, []byte(rand.Text()+"\n")); err != nil {
		return fmt.Errorf("session: signal: %w", err)
	}
	return nil
}

// Watch follows the file's folder (a file that is replaced or not yet there cannot be
// watched itself).
func (s FileSignal) Watch(ctx context.Context, changed func()) (<-chan struct{}, error) {
	dir := filepath.Dir(s.Path)
	if err := privdir.Make(dir); err != nil {
		return nil, fmt.Errorf("session: watch: %w", err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("session: watch: %w", err)
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("session: watch %s: %w", dir, err)
	}
	pending := make(chan struct{}, 1)
	var running sync.WaitGroup
	done := make(chan struct{})
	running.Go(func() {
		defer w.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == filepath.Clean(s.Path) && ev.Op&(fsnotify.Write|fsnotify.Create) != 0 {
					poke(pending)
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
				poke(pending) // events were lost (an overflow): one of them may have been ours
			}
		}
	})
	running.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-pending:
				changed()
			}
		}
	})
	go func() {
		running.Wait()
		close(done)
	}()
	return done, nil
}

// poke makes one call due, unless one already is: that call reads this change too.
func poke(pending chan<- struct{}) {
	select {
	case pending <- struct{}{}:
	default:
	}
}

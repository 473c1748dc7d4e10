package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Without a cache folder of the user's own the lock fell back to a folder that every
// user shares (/tmp), where another user could hold or replace it.
func TestLockPathNeedsAUserCacheFolder(t *testing.T) {
	for _, tc := range []struct{ name, home, cache string }{
		{"neither", "", ""},
		{"relative XDG_CACHE_HOME", "", "cache"},
		{"relative HOME", ".", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HOME", tc.home)
			t.Setenv("XDG_CACHE_HOME", tc.cache)
			if runtime.GOOS == "windows" { // os.UserCacheDir reads LocalAppData alone there
				t.Setenv("LocalAppData", tc.home+tc.cache)
			}
			lock, err := LockPath("svc-realm")
			if !errors.Is(err, ErrNoCacheDir) {
				t.Errorf("LockPath = %q, %v; want ErrNoCacheDir", lock, err)
			}
			if lock != "" || strings.HasPrefix(lock, os.TempDir()) {
				t.Errorf("LockPath = %q, want no path", lock)
			}
			if sig, err := SignalPath("svc-realm"); sig != "" || !errors.Is(err, ErrNoCacheDir) {
				t.Errorf("SignalPath = %q, %v; want ErrNoCacheDir", sig, err)
			}
		})
	}
}

func TestLockPathIsInTheUserCacheFolder(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("LocalAppData", cache) // Windows' cache folder
	lock, err := LockPath("atomgit-login-id@host/x")
	if want := filepath.Join(cache, "atomgit-login", "atomgit-login-id_host_x.lock"); lock != want || err != nil {
		t.Errorf("LockPath = %q, %v; want %q", lock, err, want)
	}
	sig, err := SignalPath("atomgit-login-id@host/x")
	if want := filepath.Join(cache, "atomgit-login", "atomgit-login-id_host_x.changed"); sig != want || err != nil {
		t.Errorf("SignalPath = %q, %v; want %q", sig, err, want)
	}
}

// Two FileLocks on one path (as in two processes) exclude each other: while one holds
// it the other waits, until its context ends or the lock is released.
func TestFileLocksOnOnePathExcludeEachOther(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new-folder", "realm.lock")
	first, second := FileLock{Path: path}, FileLock{Path: path}
	unlock, err := first.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	const wait = 50 * time.Millisecond
	start := time.Now() // before the deadline is set: it counts from its own now
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := second.Lock(ctx); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrLockUnavailable) {
		t.Fatalf("Lock of a held lock = %v, want the context's deadline (not ErrLockUnavailable)", err)
	}
	if waited := time.Since(start); waited < wait {
		t.Errorf("Lock of a held lock gave up after %v, before its context ended (%v)", waited, wait)
	}

	got := make(chan error, 1)
	go func() {
		unlock, err := second.Lock(context.Background())
		if err == nil {
			unlock()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Lock returned while another held the lock: %v", err)
	case <-time.After(wait):
	}
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("Lock after the holder released it: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Lock still waiting 5s after the holder released the lock")
	}
	// Released by the waiter too: the first takes it again at once.
	ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	unlock, err = first.Lock(ctx)
	if err != nil {
		t.Fatalf("Lock after both released it: %v", err)
	}
	unlock()
}

// A lock file that cannot be created or opened is ErrLockUnavailable, at once, not a
// wait until the context ends.
func TestFileLockThatCannotBeUsed(t *testing.T) {
	dir := t.TempDir()
	notAFolder := filepath.Join(dir, "file")
	if err := os.WriteFile(notAFolder, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	aFolder := filepath.Join(dir, "folder.lock")
	if err := os.Mkdir(aFolder, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"a folder at the path":       aFolder,
		"a file where a folder goes": filepath.Join(notAFolder, "realm.lock"),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			unlock, err := FileLock{Path: path}.Lock(ctx)
			if err == nil {
				unlock()
			}
			if !errors.Is(err, ErrLockUnavailable) || ctx.Err() != nil {
				t.Errorf("Lock = %v (context: %v), want ErrLockUnavailable at once", err, ctx.Err())
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("Lock = %v, want the path named", err)
			}
		})
	}
}

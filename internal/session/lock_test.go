package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	lock, err := LockPath("atomgit-login-id@host/x")
	if want := filepath.Join(cache, "atomgit-login", "atomgit-login-id_host_x.lock"); lock != want || err != nil {
		t.Errorf("LockPath = %q, %v; want %q", lock, err, want)
	}
	sig, err := SignalPath("atomgit-login-id@host/x")
	if want := filepath.Join(cache, "atomgit-login", "atomgit-login-id_host_x.changed"); sig != want || err != nil {
		t.Errorf("SignalPath = %q, %v; want %q", sig, err, want)
	}
}

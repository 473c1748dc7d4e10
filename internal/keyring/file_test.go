package keyring

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// ownerOnly says whether a file's mode keeps it to its owner (0600). Windows has no such
// modes (Go reports 0666 for every writable file): there the store is private through
// the ACL of the folder it is in, the user's own profile, which no mode check can see.
func ownerOnly(mode fs.FileMode) bool {
	return runtime.GOOS == "windows" || mode.Perm() == 0o600
}

func TestFileStoreKeepsSecretsPrivatelyAndWhole(t *testing.T) {
	ctx := context.Background()
	f := File{Path: filepath.Join(t.TempDir(), "sub", "tokens.json")}
	if _, err := f.Get(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	if err := f.Set(ctx, "svc", "u", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if got, err := f.Get(ctx, "svc", "u"); err != nil || got != "s3cret" {
		t.Fatalf("got %q, %v", got, err)
	}
	info, err := os.Stat(f.Path)
	if err != nil || !ownerOnly(info.Mode()) {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}
	if err := f.Set(ctx, "svc", "u", strings.Repeat("x", MaxSize)); !errors.Is(err, ErrTooBig) {
		t.Errorf("too big: %v", err)
	}
	if err := f.Delete(ctx, "svc", "u"); err != nil {
		t.Fatal(err)
	}
	if err := f.Delete(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// Concurrent writers each keep their entry.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f.Set(ctx, "svc", string(rune('a'+i)), "v"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := range 20 {
		if _, err := f.Get(ctx, "svc", string(rune('a'+i))); err != nil {
			t.Errorf("entry %d lost: %v", i, err)
		}
	}
	// A damaged file is reported, not overwritten.
	os.WriteFile(f.Path, []byte("{not json"), 0o600)
	if err := f.Set(ctx, "svc", "z", "v"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged file: %v", err)
	}
	if b, _ := os.ReadFile(f.Path); string(b) != "{not json" {
		t.Error("a damaged file was overwritten")
	}
}

// A file planted where the store writes its temporary copy (a symlink to another file
// of the user's, or a file others may read) is neither followed nor reused: the store
// writes a new file of its own, readable by the user only.
func TestFileStoreWritesANewPrivateTemporaryFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := File{Path: filepath.Join(dir, "tokens.json")}
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	planted := []string{f.Path + ".tmp", f.Path + ".new", filepath.Join(dir, ".tokens.json.tmp")}
	for _, p := range planted {
		if err := os.Symlink(victim, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Set(ctx, "svc", "u", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "untouched" {
		t.Errorf("the symlink's target was written: %q", b)
	}
	info, err := os.Lstat(f.Path)
	if err != nil || !info.Mode().IsRegular() || !ownerOnly(info.Mode()) {
		t.Fatalf("%s: %v, %v; want a regular file with mode 0600", f.Path, info.Mode(), err)
	}
	if got, err := f.Get(ctx, "svc", "u"); err != nil || got != "s3cret" {
		t.Errorf("got %q, %v", got, err)
	}

	// A readable file at the temporary name does not lend the store its mode.
	for _, p := range planted {
		os.Remove(p)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Set(ctx, "svc", "u", "again"); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(f.Path); err != nil || !ownerOnly(info.Mode()) {
		t.Errorf("mode after a second write: %v, %v; want 0600", info.Mode(), err)
	}
	// Nothing is left behind but the store, its lock and what was planted.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3+len(planted) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files in the folder: %v", names)
	}
}

// While another process holds the store's lock, a call waits for it until its context
// ends (a deadline is ErrTimeout), and goes ahead once the lock is released.
func TestFileStoreWaitsForTheLockUntilTheContextEnds(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "tokens.json")}
	other := flock.New(f.Path + ".lock")
	if err := other.Lock(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := f.Set(ctx, "svc", "u", "v"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Set while the lock is held: %v, want ErrTimeout", err)
	}
	if err := other.Unlock(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.Set(ctx, "svc", "u", "v"); err != nil {
		t.Fatalf("Set once the lock is released: %v", err)
	}
}

// A deadline that has passed before the call begins is ErrTimeout too, as one that
// passes while the call waits for the lock; a cancellation stays context.Canceled.
func TestFileStoreDoneContextRunsNothing(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "tokens.json")}
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if err := f.Set(past, "svc", "u", "v"); !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Set: err = %v, want ErrTimeout and context.DeadlineExceeded", err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Get(cancelled, "svc", "u"); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("Get: err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(f.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the file after calls that ran nothing: %v", err)
	}
}

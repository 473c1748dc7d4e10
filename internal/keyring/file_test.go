package keyring

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

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
	if err != nil || info.Mode().Perm() != 0o600 {
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

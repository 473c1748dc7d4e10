//go:build unix

package keyring

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The file store never opens its lock or its tokens through a planted link, nor keeps them
// in a folder reached through one: it refuses, naming the link, and the file the link
// points at is neither read into the store nor written.
func TestFileStoreRefusesPlantedLinks(t *testing.T) {
	ctx := context.Background()
	for _, at := range []string{"tokens.json.lock", "tokens.json", ""} {
		root := t.TempDir()
		target := filepath.Join(root, "outside")
		if err := os.WriteFile(target, []byte(`{"svc":{"u":"planted"}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, "config")
		link := filepath.Join(dir, at)
		if at == "" { // the folder itself
			if err := os.Mkdir(target+"-dir", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target+"-dir", dir); err != nil {
				t.Fatal(err)
			}
			link = dir
		} else {
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
		}
		f := File{Path: filepath.Join(dir, "tokens.json")}
		got, err := f.Get(ctx, "svc", "u")
		if err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
			t.Errorf("%s: Get = %q, %v; want it to say %s is a symbolic link", at, got, err, link)
		}
		if err := f.Set(ctx, "svc", "u", "s3cret"); err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
			t.Errorf("%s: Set = %v; want it to say %s is a symbolic link", at, err, link)
		}
		if b, _ := os.ReadFile(target); string(b) != `{"svc":{"u":"planted"}}` {
			t.Errorf("%s: the file outside now holds %q", at, b)
		}
		if entries, _ := os.ReadDir(target + "-dir"); len(entries) != 0 {
			t.Errorf("files made in the folder the link points at: %v", entries)
		}
	}
}

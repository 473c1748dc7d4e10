//go:build unix

package fakeatomgit

import (
	"os"
	"path/filepath"
	"testing"
)

// The demo's state file, in the user's cache folder beside the app's other files, is never
// written through a link planted at its name or at the name of its temporary file.
func TestStateFileIsNeverWrittenThroughALink(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "outside")
	if err := os.WriteFile(target, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "cache")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"demo.json.tmp", "demo.json"} {
		os.Remove(filepath.Join(dir, "demo.json")) // the regular file a save before made
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		s := New(Options{StateFile: filepath.Join(dir, "demo.json")})
		s.mu.Lock()
		s.saveStateLocked()
		s.mu.Unlock()
		if b, _ := os.ReadFile(target); string(b) != "untouched" {
			t.Fatalf("a link at %s: the file it points at now holds %q", name, b)
		}
	}
}

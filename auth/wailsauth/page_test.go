package wailsauth

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var writeSum = flag.Bool("write-sum", false, "write page/source.sum from frontend/ (scripts/build-page)")

// pageSources are the files of frontend/ that the page is built from, as go test sees
// them from this folder: everything but the tests, the accessibility check and what npm
// fetches or builds.
func pageSources(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..", "frontend")
	var files []string
	for _, top := range []string{"index.html", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts", "public", "src"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, ".test.ts") {
				return err
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(files)
	return files
}

// sourceSum is the SHA-256 over the page's sources, each named by its path under
// frontend/ and its content.
func sourceSum(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	for _, f := range pageSources(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join("..", "..", "frontend"), f)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(b)
		h.Write([]byte("\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// The committed page (page/index.html, which a program that imports this package gets
// without npm) was built from frontend/ as it is: page/source.sum is the sum of the
// sources it was built from, written by scripts/build-page with the page. scripts/test
// also builds the page and compares it with the committed one.
func TestThePageIsBuiltFromTheSources(t *testing.T) {
	if *writeSum {
		if err := os.WriteFile(filepath.Join("page", "source.sum"), []byte(sourceSum(t)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(filepath.Join("page", "source.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sourceSum(t); got != strings.TrimSpace(string(want)) {
		t.Fatalf("frontend/ changed since page/index.html was built (sources %s, the page's %s): run scripts/build-page and commit auth/wailsauth/page",
			got, strings.TrimSpace(string(want)))
	}
	if len(page) == 0 || !strings.Contains(string(page), "</head>") {
		t.Fatal("page/index.html is not a page")
	}
}

//go:build !windows

// Not in the Windows build, which scripts/wine/test runs without Go's module cache: this
// test reads Wails' source there, and checks the Windows origin from here.

package window

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The callback page sends the window back to the origin at which Wails serves the app's
// page on each platform: the startURL of Wails' own frontend for that platform, read from
// the Wails module this program is built with.
func TestReturnURLIsTheWindowsOwnOrigin(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/wailsapp/wails/v2").Output()
	if err != nil {
		t.Fatalf("go list the Wails module: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	startURL := regexp.MustCompile(`(?m)^const startURL = "([^"]+)"`)
	for _, goos := range []string{"linux", "darwin", "windows"} {
		src, err := os.ReadFile(filepath.Join(dir, "internal", "frontend", "desktop", goos, "frontend.go"))
		if err != nil {
			t.Fatal(err)
		}
		m := startURL.FindSubmatch(src)
		if m == nil {
			t.Fatalf("Wails' %s frontend declares no startURL", goos)
		}
		if got := returnURLOn(goos); got != string(m[1]) {
			t.Errorf("returnURLOn(%q) = %q; Wails serves the page at %q", goos, got, m[1])
		}
	}
}

//go:build integration

package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// desktopEntry reads the keys of the desktop entry: the installed one that
// ATOMGIT_E2E_DESKTOP_ENTRY names (scripts/test-package), or build/linux's.
func desktopEntry(t *testing.T) map[string]string {
	t.Helper()
	path := os.Getenv("ATOMGIT_E2E_DESKTOP_ENTRY")
	if path == "" {
		paths, _ := filepath.Glob("../build/linux/*.desktop")
		if len(paths) != 1 {
			t.Fatalf("want one desktop entry in build/linux, found %q", paths)
		}
		path = paths[0]
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			keys[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// wmClassLine is xprop's answer: WM_CLASS(STRING) = "instance", "class".
var wmClassLine = regexp.MustCompile(`^WM_CLASS\(STRING\) = "([^"]*)", "([^"]*)"$`)

// TestWindowMatchesTheDesktopEntry: the desktop shows the entry's name and icon for the
// window (dock, task switcher) when the window's WM_CLASS names the entry's
// StartupWMClass: the instance part exactly (GNOME, and Wayland's app id, which is the
// same name), the class part as GTK capitalises it. The entry's icon has that name too.
func TestWindowMatchesTheDesktopEntry(t *testing.T) {
	preconditions(t)
	entry := desktopEntry(t)
	want := entry["StartupWMClass"]
	// The menu starts the window build directly: no exec through the commands' build
	// first (~7 ms of the start-up, docs/benchmarks.md). It names the window the same.
	if want == "" || entry["Icon"] != want || entry["Exec"] != want+"-window" {
		t.Fatalf("desktop entry: StartupWMClass %q, Icon %q, Exec %q: want the program's name in the first two, its window build in Exec",
			want, entry["Icon"], entry["Exec"])
	}
	a := startProgram(t, windowBinary, "identity", unconfiguredEnv(t)) // as the menu starts it
	a.waitShown("unconfigured")
	id := windowTitled(t, title)
	out, err := exec.Command("xprop", "-id", id, "WM_CLASS").Output()
	if err != nil {
		t.Fatalf("xprop: %v", err)
	}
	m := wmClassLine.FindStringSubmatch(strings.TrimSpace(string(out)))
	if m == nil {
		t.Fatalf("xprop says %q", out)
	}
	if m[1] != want || !strings.EqualFold(m[2], want) {
		t.Errorf("WM_CLASS %q, %q; the desktop entry's StartupWMClass is %q", m[1], m[2], want)
	}
	// The icon theme has the entry's icon when the package is installed.
	if os.Getenv("ATOMGIT_E2E_DESKTOP_ENTRY") != "" {
		if _, err := os.Stat("/usr/share/icons/hicolor/48x48/apps/" + want + ".png"); err != nil {
			t.Errorf("the entry's icon is not installed: %v", err)
		}
	}
}

package cli

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// Without HOME and XDG_CONFIG_HOME the config file was read from the current folder:
// a cloned repository could configure the app. Now the program refuses, with exit 2.
func TestNoHomeFolderRefuses(t *testing.T) {
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	code := Main([]string{"config"}, Deps{Stdout: &out, Stderr: &errb, Getenv: getenv})
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d; stdout %q, stderr %q", code, ExitUsage, out.String(), errb.String())
	}
	msg := errb.String()
	wants := []string{"HOME", "XDG_CONFIG_HOME", "ATOMGIT_CONFIG"}
	if runtime.GOOS == "windows" {
		wants = []string{"AppData", "ATOMGIT_CONFIG"} // the config folder there (os.UserConfigDir)
	}
	for _, want := range wants {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr %q does not name %s", msg, want)
		}
	}
}

// A config file named outright needs no home folder.
func TestNoHomeFolderWithANamedConfigFile(t *testing.T) {
	f := newFixture(t) // its settings name the config file and have no HOME
	if code, out, errs := f.run("config"); code != ExitOK || !strings.Contains(out, "config file: "+f.vars["ATOMGIT_CONFIG"]) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// Without a cache folder of the user's own, the commands that take the realm's lock
// refuse (exit 2) rather than put it in a folder that every user shares.
func TestNoCacheFolderRefuses(t *testing.T) {
	f := newFixture(t)
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("LocalAppData", "")
	want := "XDG_CACHE_HOME"
	if runtime.GOOS == "windows" {
		want = "LocalAppData" // the cache folder there (os.UserCacheDir)
	}
	for _, args := range [][]string{{"logout"}, {"token"}, {"switch", "demo"}} {
		code, _, errs := f.run(args...)
		if code != ExitUsage || !strings.Contains(errs, want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message naming %s", args, code, errs, ExitUsage, want)
		}
	}
}

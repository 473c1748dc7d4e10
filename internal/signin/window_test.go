package signin

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestHasDisplay(t *testing.T) {
	none := func(string) string { return "" }
	x11 := func(k string) string { return map[string]string{"DISPLAY": ":1"}[k] }
	for _, tc := range []struct {
		goos   string
		getenv func(string) string
		want   bool
	}{
		{"linux", none, false},
		{"linux", x11, true},
		{"freebsd", none, false},
		{"freebsd", x11, true},
		{"windows", none, true},
		{"darwin", none, true},
	} {
		if got := HasDisplay(tc.goos, tc.getenv); got != tc.want {
			t.Errorf("HasDisplay(%s, DISPLAY=%q) = %v, want %v", tc.goos, tc.getenv("DISPLAY"), got, tc.want)
		}
	}
}

// The client secret goes to a window program in its environment, never on its command
// line, replacing any other way of giving it.
func TestWindowEnvironCarriesTheSecret(t *testing.T) {
	got := WindowEnviron("s3cret", []string{"HOME=/h", "ATOMGIT_CLIENT_SECRET=old", "ATOMGIT_CLIENT_SECRET_FILE=/f", "ATOMGIT_CLIENT_ID=id"})
	want := []string{"HOME=/h", "ATOMGIT_CLIENT_ID=id", "ATOMGIT_CLIENT_SECRET=s3cret"}
	if !slices.Equal(got, want) {
		t.Errorf("WindowEnviron = %q, want %q", got, want)
	}
	if got := WindowEnviron("", []string{"ATOMGIT_CLIENT_SECRET=old"}); len(got) != 0 {
		t.Errorf("no secret: %q", got)
	}
}

// The window program is found beside the atomgit-login that PATH finds, also when that
// is a link to where both are installed; an explicit path wins; none found is an error.
func TestFindWindowProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links and modes are Unix's")
	}
	program := func(path string) {
		t.Helper()
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	install, bin := t.TempDir(), t.TempDir()
	program(filepath.Join(install, "atomgit-login"))
	program(filepath.Join(install, WindowProgram()))
	if err := os.Symlink(filepath.Join(install, "atomgit-login"), filepath.Join(bin, "atomgit-login")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	if got, err := FindWindowProgram(""); err != nil || got != filepath.Join(install, WindowProgram()) {
		t.Errorf("beside the link's target: %q, %v", got, err)
	}
	other := filepath.Join(t.TempDir(), "my-window")
	program(other)
	if got, err := FindWindowProgram(other); err != nil || got != other {
		t.Errorf("explicit: %q, %v", got, err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := FindWindowProgram(""); err == nil || !strings.Contains(err.Error(), "not on PATH") {
		t.Errorf("no atomgit-login on PATH: %v", err)
	}
	if _, err := FindWindowProgram(filepath.Join(install, "missing")); err == nil {
		t.Error("a missing explicit window program was accepted")
	}
}

// What a window program last said to the person is kept, and its log lines are not.
func TestLastLineKeepsWhatTheProgramSaid(t *testing.T) {
	var l lastLine
	for _, chunk := range []string{"time=… level=INFO msg=start\natomgit-login: sign-in ", "cancelled\nlevel=INFO msg=closed\n"} {
		l.Write([]byte(chunk))
	}
	if got := l.text(); got != "sign-in cancelled" {
		t.Errorf("kept %q", got)
	}
}

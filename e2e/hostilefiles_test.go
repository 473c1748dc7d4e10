//go:build integration

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// runWithin runs the app's command with stdin and returns its stderr and exit code; a
// command still running after a minute (they end at once) is killed and fails the test.
func runWithin(t *testing.T, env []string, stdin string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env, cmd.Stdin = env, strings.NewReader(stdin)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s still ran after a minute (killed); stderr %q", strings.Join(args, " "), errb.String())
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return errb.String(), cmd.ProcessState.ExitCode()
}

// TestAPipeAsTheLogoEndsEveryCommandAtOnce: ATOMGIT_LOGO names a named pipe, which an
// open for reading would wait on for ever. The commands that show no logo never open it:
// they end at once with a message that names the setting.
func TestAPipeAsTheLogoEndsEveryCommandAtOnce(t *testing.T) {
	preconditions(t)
	logo := filepath.Join(t.TempDir(), "fifo.svg")
	if err := syscall.Mkfifo(logo, 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(unconfiguredEnv(t), "ATOMGIT_LOGO="+logo)
	for _, c := range []struct {
		args  []string
		stdin string
	}{
		{[]string{"token"}, ""},
		{[]string{"git-credential", "get"}, "protocol=https\nhost=atomgit.com\n\n"},
		{[]string{"status"}, ""},
	} {
		stderr, code := runWithin(t, env, c.stdin, c.args...)
		if want := "ATOMGIT_LOGO: " + logo + " is not a regular file"; code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, want)
		}
	}
}

// TestPlantedFilesInTheCacheFolderAreRefused: run as root (as CI runs), the commands meet
// a link planted at the change signal, a lock file of another user's, and a cache folder
// inside another user's folder (sudo -E keeps the user's HOME). Each is refused at once
// with a message that names the file, and nothing outside is touched.
func TestPlantedFilesInTheCacheFolderAreRefused(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	dir := filepath.Join(w.cache, "atomgit-login")
	signal := only(t, filepath.Join(dir, "*.changed"))
	target := filepath.Join(t.TempDir(), "system-file")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(signal); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, signal); err != nil {
		t.Fatal(err)
	}
	stderr, code := runWithin(t, w.env, "", "logout")
	if want := signal + " is a symbolic link"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("logout with a link at the signal: exit %d, %q; want exit 1 and %q", code, stderr, want)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("the file the link points at now holds %q", b)
	}
	if _, ok := stored(t); !ok {
		t.Error("logout signed out although it refused")
	}
	os.Remove(signal)

	lock := only(t, filepath.Join(dir, "*-*.lock")) // the realm's, not the window's
	if err := os.Chown(lock, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"token"}, {"logout"}} {
		stderr, code = runWithin(t, w.env, "", args...)
		if want := lock + " belongs to user 65534"; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("%s with another user's lock file: exit %d, %q; want exit 1 and %q", args[0], code, stderr, want)
		}
	}
	os.Remove(lock)

	other := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(other, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	env := append(w.env[:len(w.env):len(w.env)], "XDG_CACHE_HOME="+other+"/.cache")
	stderr, code = runWithin(t, env, "", "logout")
	if want := other + " belongs to user 65534"; code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "sudo -E") {
		t.Errorf("logout as root with the cache in another user's folder: exit %d, %q; want exit 1 and %q", code, stderr, want)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 0 {
		t.Errorf("made in the other user's folder: %v", entries)
	}
	if _, ok := stored(t); !ok {
		t.Error("signed out although every logout refused")
	}
}

// only is the one file that matches pattern.
func only(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) != 1 {
		t.Fatalf("%s: %v, %v; want one file", pattern, m, err)
	}
	return m[0]
}

//go:build integration

package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

//go:build integration

package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestNoDisplayGivesASentenceAndAWayOn starts the built programs where the display cannot
// be opened: DISPLAY unset, a display nobody serves, and an X server that refuses the
// connection (it wants a cookie this client does not have, as under sudo without
// XAUTHORITY). Each start says so in one sentence with the display and the ways on, exits
// 1, and never shows Wails' panic; login goes on in the system browser; the window build
// answers diagnose's question (--check-display) the same way, without a window.
func TestNoDisplayGivesASentenceAndAWayOn(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	refusing := refusingXServer(t)
	for _, tc := range []struct{ name, display, want string }{
		{"unset", "", "there is no display (DISPLAY is not set)"},
		{"nobody-there", unservedDisplay(t), "cannot be opened"},
		{"refused", refusing, "the display " + refusing + " (DISPLAY) cannot be opened"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := withDisplay(w.env, tc.display)
			for _, args := range [][]string{nil, {"--demo"}} {
				for _, bin := range []string{binary, windowBinary} {
					out, errs, code := runBinary(t, bin, env, args...)
					if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) ||
						!strings.Contains(errs, "login --browser") || !strings.Contains(errs, "login --no-browser") {
						t.Errorf("%s %v: exit %d, stdout %q, stderr %q; want exit 1 and one sentence with %q and both ways on",
							filepath.Base(bin), args, code, out, errs, tc.want)
					}
				}
			}
			if _, errs, code := runBinary(t, windowBinary, env, "--check-display"); code != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("--check-display: exit %d, stderr %q", code, errs)
			}
			stdout, stderr, err := browserCommand(t, env, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword, "login")
			if err != nil || !strings.Contains(stdout, "(@demo)") ||
				!strings.Contains(stderr, "; signing in with the system browser instead (from another machine: atomgit-login login --no-browser)") {
				t.Errorf("login: %v, stdout %q, stderr %q", err, stdout, stderr)
			}
			if _, ok := stored(t); !ok {
				t.Error("login in the browser stored nothing")
			}
			run(t, w.env, "logout")
		})
	}
	if _, errs, code := runBinary(t, windowBinary, w.env, "--check-display"); code != 0 || strings.Contains(errs, "display") {
		t.Errorf("--check-display on the test's own display: exit %d, %q", code, errs)
	}
}

// withDisplay is env with DISPLAY set to display ("" leaves it out) and no Wayland.
func withDisplay(env []string, display string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") && !strings.HasPrefix(kv, "XAUTHORITY=") {
			out = append(out, kv)
		}
	}
	if display != "" {
		out = append(out, "DISPLAY="+display)
	}
	return append(out, "XAUTHORITY="+filepath.Join(os.TempDir(), "atomgit-login-e2e-no-such-xauthority"))
}

// unservedDisplay is an X display number that no server listens on.
func unservedDisplay(t *testing.T) string {
	t.Helper()
	for n := 4242; n < 4342; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); os.IsNotExist(err) {
			return fmt.Sprintf(":%d", n)
		}
	}
	t.Fatal("no free X display number")
	return ""
}

// refusingXServer starts an Xvfb that admits only clients with its cookie, and returns its
// display; the test's clients get none.
func refusingXServer(t *testing.T) string {
	t.Helper()
	auth := filepath.Join(t.TempDir(), "Xauthority")
	if out, err := exec.Command("xauth", "-f", auth, "add", ":0", ".", "00112233445566778899aabbccddeeff").CombinedOutput(); err != nil {
		t.Fatalf("xauth: %v: %s", err, out)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-auth", auth, "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatalf("Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not say its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

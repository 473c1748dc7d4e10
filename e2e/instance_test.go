//go:build integration

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// windowBinary is the window build, which a desktop entry may start directly.
const windowBinary = "../build/bin/atomgit-login-window"

// visibleWindows counts the mapped X windows titled like the app.
func visibleWindows(t *testing.T) int {
	t.Helper()
	out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
	return len(strings.Fields(string(out)))
}

// exited waits for a started app to exit and returns its exit code.
func (a *app) exited() int {
	a.t.Helper()
	select {
	case <-a.done:
	case <-time.After(60 * time.Second):
		a.t.Fatalf("the app did not exit; log:\n%s", a.log.all())
	}
	return a.cmd.ProcessState.ExitCode()
}

// TestStartingTheWindowAgainRaisesTheOpenOne: a second start, through the commands or the
// window build itself, brings the open window to the front and exits 0 at once without
// opening another; two starts at once open exactly one window.
func TestStartingTheWindowAgainRaisesTheOpenOne(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startApp(t, "instance-first", w.env)
	a.waitShown("signed_out")
	windows := visibleWindows(t)
	if windows == 0 {
		t.Fatal("no visible window")
	}

	// The commands binary asks the open window before it would start one.
	_, stderr, code := run(t, w.env)
	if code != 0 || !strings.Contains(stderr, "already open") {
		t.Fatalf("second start: exit %d, stderr %q", code, stderr)
	}
	a.waitLog("window request", "op=raise")

	// The window build started directly finds the place held and asks too.
	cmd := exec.Command(windowBinary)
	cmd.Env = w.env
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil || !strings.Contains(errb.String(), "already open") || strings.Contains(errb.String(), "msg=shown") {
		t.Fatalf("second start of the window build: %v, stderr %q", err, errb.String())
	}
	a.waitLog("window request", "op=raise")
	if n := visibleWindows(t); n != windows {
		t.Errorf("%d windows visible after the second starts, want %d", n, windows)
	}
	a.stop()

	// Two starts at once: the lock lets one open the window; the other raises it and exits 0.
	b := startApp(t, "instance-race-1", w.env)
	c := startApp(t, "instance-race-2", w.env)
	var shown, raiser *app
	select {
	case <-b.done:
		shown, raiser = c, b
	case <-c.done:
		shown, raiser = b, c
	case <-time.After(60 * time.Second):
		t.Fatalf("neither of two starts at once returned; logs:\n%s\n---\n%s", b.log.all(), c.log.all())
	}
	if code := raiser.exited(); code != 0 || !strings.Contains(raiser.log.all(), "already open") {
		t.Fatalf("the start that found a window open: exit %d, log:\n%s", code, raiser.log.all())
	}
	// The raise may come before or after the page shows: each is looked for from the start.
	shown.waitLog("window request", "op=raise")
	shown.seen = 0
	shown.waitShown("signed_out")
	if n := visibleWindows(t); n != windows {
		t.Errorf("%d windows visible after two starts at once, want %d", n, windows)
	}
	screenshot(t, "instance-one-window")
}

// TestLoginWithTheWindowOpenSignsInThere: with the demo's window open, `atomgit-login
// login --demo` asks that window to sign in; the window shows the demo's login page, the
// person signs in there, and login prints the account and exits 0. The window stays open.
func TestLoginWithTheWindowOpenSignsInThere(t *testing.T) {
	preconditions(t)
	clearDemo := func() { exec.Command("secret-tool", "clear", "service", "atomgit-login-demo").Run() }
	clearDemo()
	t.Cleanup(clearDemo)
	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ATOMGIT_") || strings.HasPrefix(kv, "ATOMGIT_TEST_KEYRING=") {
			env = append(env, kv)
		}
	}
	env = append(env, "LANG=en_US.UTF-8", "XDG_CONFIG_HOME="+home+"/config", "XDG_CACHE_HOME="+home+"/cache",
		fmt.Sprintf("ATOMGIT_REDIRECT_URI=http://127.0.0.1:%d/callback", freePort(t)))
	a := startApp(t, "instance-demo", env, "--demo")
	a.waitShown("signed_out")

	login := exec.Command(binary, "login", "--demo")
	login.Env = env
	var out, errb bytes.Buffer
	login.Stdout, login.Stderr = &out, &errb
	if err := login.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var loginErr error
	go func() { loginErr = login.Wait(); close(exited) }()
	t.Cleanup(func() {
		login.Process.Kill() // when the test failed before login returned
		<-exited
	})

	a.waitLog("window request", "op=login", "joined=false")
	a.waitLog("demo server", "login_shown=1") // the window shows the sign-in
	screenshot(t, "instance-login-page")
	focusWindow(t)
	logIn(t)
	a.waitLog("demo server", "authorize_shown=1")
	keys(t, "Return")
	select {
	case <-exited:
		if loginErr != nil {
			t.Fatalf("login: %v; stdout %q, stderr %q", loginErr, out.String(), errb.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("login did not return after signing in; stderr %q", errb.String())
	}
	if !strings.Contains(out.String(), "as Demo User (@demo)") || !strings.Contains(errb.String(), "Signing in in the open window") {
		t.Errorf("login printed %q, stderr %q", out.String(), errb.String())
	}
	a.waitShown("signed_in")
	screenshot(t, "instance-signed-in")
	select {
	case <-a.done:
		t.Fatal("the window closed; it was open before login and should stay open")
	default:
	}
}

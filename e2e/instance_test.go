//go:build integration

package e2e

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// windowBinary is the window build, beside binary, which the desktop entry starts directly.
var windowBinary = binary + "-window"

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

	// Two starts at once, from the menu (the window build) and from a terminal (the
	// commands): the lock lets one open the window; the other raises it and exits 0.
	b := startProgram(t, windowBinary, "instance-race-1", w.env)
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
	env := unconfiguredEnv(t)
	a := startApp(t, "instance-demo", env, "--demo")
	a.waitShown("signed_out")

	login := startLogin(t, env, "--demo")
	a.waitLog("window request", "op=login", "joined=false")
	a.seen = 0                                // the page may have shown before the request was logged
	a.waitLog("demo server", "login_shown=1") // the window shows the sign-in
	screenshot(t, "instance-login-page")
	focusWindow(t)
	logIn(t)
	a.waitLog("demo server", "authorize_shown=1")
	keys(t, "Return")
	out, errs := login.succeeded()
	if !strings.Contains(out, "as Demo User (@demo)") || !strings.Contains(errs, "Signing in in the open window…") {
		t.Errorf("login printed %q, stderr %q", out, errs)
	}
	a.waitShown("signed_in")
	screenshot(t, "instance-signed-in")
	select {
	case <-a.done:
		t.Fatal("the window closed; it was open before login and should stay open")
	default:
	}
}

// loginCommand is `atomgit-login login` running.
type loginCommand struct {
	t        *testing.T
	cmd      *exec.Cmd
	out, err bytes.Buffer
	exited   chan struct{}
	waitErr  error
}

// startLogin starts `atomgit-login login` with args; it is killed if the test ends first.
func startLogin(t *testing.T, env []string, args ...string) *loginCommand {
	t.Helper()
	l := &loginCommand{t: t, exited: make(chan struct{})}
	l.cmd = exec.Command(binary, append([]string{"login"}, args...)...)
	l.cmd.Env = env
	l.cmd.Stdout, l.cmd.Stderr = &l.out, &l.err
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { l.waitErr = l.cmd.Wait(); close(l.exited) }()
	t.Cleanup(func() {
		l.cmd.Process.Kill() // when the test failed before login returned
		<-l.exited
	})
	return l
}

// succeeded waits for login to exit, fails the test unless it exited 0, and returns its
// stdout and stderr.
func (l *loginCommand) succeeded() (stdout, stderr string) {
	l.t.Helper()
	select {
	case <-l.exited:
	case <-time.After(60 * time.Second):
		l.t.Fatalf("login did not return after signing in; stderr %q", l.err.String())
	}
	if l.waitErr != nil {
		l.t.Fatalf("login: %v; stdout %q, stderr %q", l.waitErr, l.out.String(), l.err.String())
	}
	return l.out.String(), l.err.String()
}

// TestLoginJoinsTheSignInUnderWayInTheWindow: the person has begun signing in in the
// window; `atomgit-login login` joins that sign-in rather than starting another, and ends
// with it.
func TestLoginJoinsTheSignInUnderWayInTheWindow(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startApp(t, "instance-join", w.env)
	a.waitShown("signed_out")
	focusWindow(t)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })

	login := startLogin(t, w.env)
	a.waitLog("window request", "op=login", "joined=true")
	focusWindow(t)
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	keys(t, "Return")
	out, errs := login.succeeded()
	if !strings.Contains(out, "as Demo User (@demo)") || !strings.Contains(errs, "joining the sign-in already under way") {
		t.Errorf("login printed %q, stderr %q", out, errs)
	}
	if s := w.stats(); s.Exchanges != 1 || s.LoginPages != 1 {
		t.Errorf("the fake AtomGit saw %+v; want one sign-in", s)
	}
}

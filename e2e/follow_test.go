//go:build integration

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A sign-out sticks everywhere: whichever process writes what is stored for the realm,
// every other one follows it, and none writes back a session that was signed out.

// TestLogoutWhileAnotherProcessRefreshesStaysSignedOut: `token` is refreshing (the server
// holds its request) when `logout` runs in another process; once both have exited the
// keyring holds nothing and `token` says nobody is signed in.
func TestLogoutWhileAnotherProcessRefreshesStaysSignedOut(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	expireStoredToken(t) // `token` refreshes first

	release := holdRefresh(t, w)
	before := w.stats()
	token := startProc(t, w.env, "token")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes > before.Refreshes })
	logout := startProc(t, w.env, "logout")
	waitForTheLock(t, w, logout) // logout waits for the refresh to end (or, taking no lock, is done)
	release()

	if code := token.wait(t); code != 0 && code != 1 {
		t.Errorf("the refreshing `token` exited %d: %s", code, token.stderr.String())
	}
	if code := logout.wait(t); code != 0 {
		t.Fatalf("logout exited %d: %s", code, logout.stderr.String())
	}
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	if rec, ok := stored(t); ok {
		t.Errorf("after logout the keyring holds a session of @%s: the refresh in flight wrote it back", rec.Account.Login)
	}
	if out, stderr, code := run(t, w.env, "token"); code != 1 {
		t.Errorf("after logout `token` exited %d, want 1: %q %s", code, out, stderr)
	}
}

// TestTheWindowFollowsALogoutInATerminal: the window shows a `logout` run in a terminal
// within 2 s of its exit, and a `login` run there; and a logout while the window's own
// refresh is in flight is not undone by that refresh.
func TestTheWindowFollowsALogoutInATerminal(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	a := startApp(t, "follow-logout", w.env)
	// The page comes with its status: the first screen painted is the signed-in one.
	a.waitLog(`msg="page served"`, "state=signed_in")
	if first := a.waitLog("msg=shown"); !strings.Contains(first, "state=signed_in ") {
		t.Fatalf("the first screen shown: %s, want signed_in", first)
	}

	// 1. logout elsewhere.
	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: exit %d: %s", code, stderr)
	}
	a.waitLogBy(time.Now().Add(2*time.Second), "msg=shown", "state=signed_out ")
	screenshot(t, "follow-1-logout-in-a-terminal")

	// 2. login elsewhere.
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	a.waitShown("signed_in")
	screenshot(t, "follow-2-login-in-a-terminal")

	// 3. logout while the window refreshes (Refresh now has the focus); the server
	// answers the refresh after logout has started.
	release := holdRefresh(t, w)
	before := w.stats()
	focusWindow(t)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes > before.Refreshes })
	logout := startProc(t, w.env, "logout")
	waitForTheLock(t, w, logout)
	release()
	if code := logout.wait(t); code != 0 {
		t.Fatalf("logout during the window's refresh: exit %d: %s", code, logout.stderr.String())
	}
	a.waitLogBy(logout.exited.Add(2*time.Second), "msg=shown", "state=signed_out ")
	screenshot(t, "follow-3-logout-during-a-refresh")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	if rec, ok := stored(t); ok {
		t.Errorf("the window's refresh wrote @%s's session back after logout", rec.Account.Login)
	}
	if st, code := status(t, w.env); code != 1 || st.SignedIn {
		t.Errorf("after logout: status %+v, exit %d", st, code)
	}
}

// TestALogoutInATerminalEndsTheWindowsWebSession: signed in through the window (AtomGit's
// login page, in the window's web view), then signed out by `logout` in a terminal: the
// window's next "Sign in with AtomGit" shows AtomGit's login page again, as after its own
// Sign out, and does not go straight to the consent of the account signed out.
func TestALogoutInATerminalEndsTheWindowsWebSession(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startApp(t, "follow-logout-web-session", w.env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")

	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: exit %d: %s", code, stderr)
	}
	a.waitShown("signed_out")
	before := w.stats()
	focusWindow(t)
	keys(t, "Return") // Sign in with AtomGit
	w.waitStats(t, func(s fakeatomgit.Stats) bool {
		return s.LoginShown > before.LoginShown || s.AuthorizeShown > before.AuthorizeShown
	})
	screenshot(t, "follow-logout-web-session-next-sign-in")
	if w.stats().LoginShown == before.LoginShown {
		t.Fatal("after a logout in a terminal the window's next sign-in skipped AtomGit's login page")
	}
}

// TestTheWindowFollowsASwitchInATerminal: with two accounts signed in, `switch` in a
// terminal changes the account the window shows.
func TestTheWindowFollowsASwitchInATerminal(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	signInByCommand(t, w, fakeatomgit.SecondUsername, fakeatomgit.SecondPassword) // active; demo parked
	a := startApp(t, "follow-switch", w.env)
	a.waitLog("msg=shown", "state=signed_in ", "accounts=2 ")
	screenshot(t, "follow-switch-1-alice")

	if _, stderr, code := run(t, w.env, "switch", fakeatomgit.DefaultUsername); code != 0 {
		t.Fatalf("switch: exit %d: %s", code, stderr)
	}
	a.waitLog("msg=shown", "state=signed_in ", "accounts=2 ")
	screenshot(t, "follow-switch-2-demo")

	// The shown line does not name the account; the window's Switch button does: it
	// offers the account the window does not show. Tab order: Refresh now, Sign out, Switch.
	focusWindow(t)
	keys(t, "Tab", "Tab", "Return")
	waitActive(t, fakeatomgit.SecondUsername, "the window's Switch offered the account it showed: it did not follow the switch")
}

// TestSignOutInTheWindowWinsOverItsRefreshInFlight: Sign out (from the menu: the page's
// buttons wait for the refresh) while the window's refresh is held by the server shows
// signed out at once; when the server lets the refresh go, nothing is written back.
func TestSignOutInTheWindowWinsOverItsRefreshInFlight(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	a := startApp(t, "signout-refreshing", w.env)
	a.waitShown("signed_in")

	release := holdRefresh(t, w)
	before := w.stats()
	focusWindow(t)
	keys(t, "Return") // Refresh now
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes > before.Refreshes })
	a.waitShown("refreshing")
	screenshot(t, "signout-refreshing-1-refreshing")
	focusWindow(t)
	keys(t, "F10", "Down", "Down", "Return") // Account ▸ Cancel sign-in, Sign out
	a.waitShown("signed_out")
	screenshot(t, "signout-refreshing-2-signed-out")
	release()

	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	if rec, ok := stored(t); ok {
		t.Errorf("the window's refresh wrote @%s's session back after Sign out", rec.Account.Login)
	}
	if st, code := status(t, w.env); code != 1 || st.SignedIn {
		t.Errorf("after Sign out: status %+v, exit %d", st, code)
	}
}

// holdRefresh makes the server hold the next token request until release is called (at
// the latest when the test ends).
func holdRefresh(t *testing.T, w *world) (release func()) {
	t.Helper()
	hold := make(chan struct{})
	release = sync.OnceFunc(func() { close(hold) })
	t.Cleanup(release)
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Hold: hold, Times: 1})
	return release
}

// proc is a command of the app's running in the background.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer // read them once done is closed
	done           chan struct{}
	exited         time.Time // when Wait returned: set before done is closed
}

// startProc starts the app's command args with env; it is killed if the test ends first.
func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary, args...), done: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.exited = time.Now()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits for the command to exit and returns its exit code.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(60 * time.Second):
		t.Fatalf("%v did not exit in 60 s: %s", p.cmd.Args, p.stderr.String())
		return -1
	}
}

// waitForTheLock waits until p has the realm's lock file open, that is, it is waiting for
// the lock or holds it; or until p has exited (a build that takes no lock). Any file open
// in the world's cache folder counts (the lock, or the change signal next to it), so the
// lock's name does not matter. There is no event to wait on: it polls p's open files.
func waitForTheLock(t *testing.T, w *world, p *proc) {
	t.Helper()
	fds := filepath.Join("/proc", strconv.Itoa(p.cmd.Process.Pid), "fd")
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-p.done:
			return
		default:
		}
		entries, _ := os.ReadDir(fds)
		for _, e := range entries {
			target, err := os.Readlink(filepath.Join(fds, e.Name()))
			if err == nil && strings.HasPrefix(target, w.cache+"/") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v neither opened the lock nor exited in 60 s", p.cmd.Args)
		}
		time.Sleep(2 * time.Millisecond) // polling p's open files
	}
}

// waitActive waits until login is the keyring's active account; after 60 s it fails
// with why.
func waitActive(t *testing.T, login, why string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		rec, _ := stored(t)
		if rec.Account.Login == login {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the active account is %q, want %s: %s", rec.Account.Login, login, why)
		}
		time.Sleep(20 * time.Millisecond) // polling the keyring from outside
	}
}

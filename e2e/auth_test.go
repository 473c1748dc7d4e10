//go:build integration

package e2e

import (
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A tool built on the package auth shares the session of atomgit-login: the same keyring
// entry, realm lock and change signal, in processes of their own. (The tool is this test
// binary, run again as one: authtool_test.go.)

// A tool and `atomgit-login token` ask for a token when it has expired, at the same
// moment: one refresh, and both get its token.
func TestAToolAndTheTokenCommandAtExpiryRefreshOnce(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	expireStoredToken(t)
	before := w.stats()
	release := holdRefresh(t, w)
	tl := startTool(t, w.env) // its session finds the token due, and refreshes it at once
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes > before.Refreshes })
	tl.send("token") // joins that refresh
	token := startProc(t, w.env, "token")
	waitForTheLock(t, w, token) // waits for the refresh, under the realm's lock
	release()
	got := strings.TrimPrefix(tl.expect("token "), "token ")
	if code := token.wait(t); code != 0 {
		t.Fatalf("atomgit-login token: exit %d: %s", code, token.stderr.String())
	}
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	if n := w.stats().Refreshes - before.Refreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	rec, _ := stored(t)
	if got != rec.Token.AccessToken || strings.TrimSpace(token.stdout.String()) != rec.Token.AccessToken {
		t.Errorf("the tool and the command did not both get the stored token")
	}
}

// `atomgit-login logout` in a terminal: the tool's next call fails as signed out
// elsewhere, however soon it comes.
func TestALogoutInATerminalFailsTheToolsNextCall(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	tl := startTool(t, w.env)
	if got := tl.ask("token"); !strings.HasPrefix(got, "token atu_") {
		t.Fatalf("token while signed in: %q", got)
	}
	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: exit %d: %s", code, stderr)
	}
	if got := tl.ask("token"); !strings.HasPrefix(got, "error signed_out_elsewhere ") {
		t.Errorf("the tool's call after logout: %q", got)
	}
	if got := tl.ask("call 1"); !strings.HasPrefix(got, "call 0 error-signed_out_elsewhere") {
		t.Errorf("the tool's API call after logout: %q", got)
	}
}

// A sign-in in the window reaches a tool that is running, without a restart: its watch
// is told within 2 s, and its next call has the token.
func TestASignInInTheWindowReachesARunningTool(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	tl := startTool(t, w.env)
	tl.send("watch")
	tl.expect("watching")
	if got := tl.ask("token"); !strings.HasPrefix(got, "error not_signed_in ") {
		t.Fatalf("token before any sign-in: %q", got)
	}
	a := startApp(t, "auth-tool-follows-the-window", w.env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")
	signedIn := time.Now()
	for {
		line := tl.nextBy(signedIn.Add(2 * time.Second))
		if strings.HasPrefix(line, "changed signed_in demo ") {
			break
		}
	}
	if got := tl.ask("token"); !strings.HasPrefix(got, "token atu_") {
		t.Errorf("the tool's token after the window signed in: %q", got)
	}
}

// Four tools of fifty callers each call an API that answers 401 to the token they all
// have: every call succeeds, after one refresh at the server.
func TestFourToolsOfFiftyCallersAfterA401RefreshOnce(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	var tools []*tool
	for range 4 {
		tools = append(tools, startTool(t, w.env))
	}
	w.srv.RevokeAccess() // AtomGit answers 401 to the access token every tool has
	before := w.stats()
	for _, tl := range tools {
		tl.send("call 50")
	}
	for i, tl := range tools {
		if got := tl.next(); !strings.HasPrefix(got, "call 50 ") {
			t.Errorf("tool %d: %q", i, got)
		}
	}
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	after := w.stats()
	if n := after.Refreshes - before.Refreshes; n != 1 {
		t.Errorf("200 callers in 4 processes meeting a 401 caused %d refreshes, want 1", n)
	}
	if n := after.UserCalls - before.UserCalls; n < 200 || n > 400 {
		t.Errorf("%d API calls for 200 callers, want each at most twice", n)
	}
	t.Logf("%d API calls for 200 callers", after.UserCalls-before.UserCalls)
}

// A tool's SignIn with no window open starts atomgit-login's window (found beside the
// atomgit-login on its PATH), which signs in and closes; with the window open, the sign-in
// happens there, and the window stays.
func TestAToolSignsInInTheWindow(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	tl := startTool(t, w.env)
	before := w.stats()
	tl.send("signin")
	approveInTheWindow(t, w, before) // in a window of its own, which has exited when SignIn returns
	if got := tl.next(); got != "signedin demo" {
		t.Fatalf("SignIn in a new window: %q", got)
	}

	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: %s", stderr)
	}
	a := startApp(t, "auth-tool-signs-in-in-the-open-window", w.env)
	a.waitShown("signed_out")
	before = w.stats()
	tl.send("signin")
	a.waitLog("window request", "op=login")
	approveInTheWindow(t, w, before)
	if got := tl.next(); got != "signedin demo" {
		t.Fatalf("SignIn in the open window: %q", got)
	}
	a.waitShown("signed_in")
	select {
	case <-a.done:
		t.Error("the window closed; it was open before the tool's sign-in and should stay open")
	default:
	}
}

// approveInTheWindow is the person in the window that shows AtomGit's page, once it shows
// it (the server's stats were before): they log in if asked, and press Allow.
func approveInTheWindow(t *testing.T, w *world, before fakeatomgit.Stats) {
	t.Helper()
	w.waitStats(t, func(s fakeatomgit.Stats) bool {
		return s.LoginShown > before.LoginShown || s.AuthorizeShown > before.AuthorizeShown
	})
	focusWindow(t)
	if w.stats().LoginShown > before.LoginShown {
		logIn(t)
		w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	}
	keys(t, "Return") // Allow
}

//go:build integration

package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// logIn types the demo user's credentials into AtomGit's login page, which has the focus.
func logIn(t *testing.T) {
	t.Helper()
	typeText(t, fakeatomgit.DefaultUsername)
	keys(t, "Tab")
	typeText(t, fakeatomgit.DefaultPassword)
	keys(t, "Return")
}

// signInThroughTheWindow presses the focused sign-in button and goes through AtomGit's
// pages by keyboard, logging in when the login page shows.
func signInThroughTheWindow(t *testing.T, w *world) {
	t.Helper()
	before := w.stats()
	focusWindow(t)
	keys(t, "Return")
	approveInTheWindow(t, w, before)
}

// TestEscCancelsThenRefreshBySelfThenSignOutShowsTheLoginPageAgain: Esc on AtomGit's page
// brings the app back; a signed-in session refreshes by itself on short tokens; Sign out
// deletes the entry and ends AtomGit's web session, so the next sign-in shows the login
// page again (the way to switch accounts).
func TestEscCancelsThenRefreshBySelfThenSignOutShowsTheLoginPageAgain(t *testing.T) {
	// 60 s: refreshed by itself 30 s after it was issued, when RefreshFloor first allows.
	w := newWorld(t, fakeatomgit.Options{AccessLifetime: time.Minute, RotateRefresh: true})
	a := startApp(t, "refresh", w.env)
	a.waitShown("signed_out")

	// Esc while AtomGit's login page fills the window.
	focusWindow(t)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	keys(t, "Escape")
	a.waitLog("msg=status", "state=signed_out", "problem=cancelled")
	a.waitShown("signed_out")
	screenshot(t, "refresh-1-cancelled")

	// Sign in; the 60 s token is refreshed 30 s later without anyone asking.
	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")
	signedIn, _ := stored(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes >= 1 })
	a.waitLog("msg=status", "state=signed_in")
	a.waitShown("signed_in")
	screenshot(t, "refresh-2-refreshed-by-itself")
	refreshed, ok := stored(t)
	if !ok || refreshed.Token.AccessToken == signedIn.Token.AccessToken || refreshed.Token.RefreshToken == signedIn.Token.RefreshToken {
		t.Fatal("the keyring does not hold the refreshed, rotated tokens")
	}
	if !refreshed.RefreshedAt.After(signedIn.RefreshedAt) {
		t.Error("refreshed_at did not move")
	}

	// Sign out (Tab from Refresh now to Sign out).
	focusWindow(t)
	keys(t, "Tab", "Return")
	a.waitShown("signed_out")
	if _, ok := stored(t); ok {
		t.Fatal("sign-out left the keyring entry")
	}
	if st, code := status(t, w.env); code != 1 || st.SignedIn {
		t.Errorf("after sign-out: %+v, exit %d", st, code)
	}

	// Signing in again starts at AtomGit's login page: the web session ended.
	logins := w.stats().LoginShown
	focusWindow(t)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > logins || s.AuthorizeShown > 1 })
	screenshot(t, "refresh-3-login-page-after-sign-out")
	if w.stats().LoginShown == logins {
		t.Fatal("after sign-out the next sign-in skipped AtomGit's login page")
	}
}

// TestTheDemoFromTheUnconfiguredScreen: with no OAuth app configured the window explains
// how to register one and offers the demo; the demo signs in with no network, under its
// own keyring entry.
func TestTheDemoFromTheUnconfiguredScreen(t *testing.T) {
	preconditions(t)
	env := unconfiguredEnv(t)
	a := startApp(t, "demo", env)
	a.waitShown("unconfigured")
	screenshot(t, "demo-1-unconfigured")
	focusWindow(t)
	keys(t, "Return") // Try the demo
	a.waitLog("demo server", "login_shown=1")
	logIn(t)
	a.waitLog("demo server", "authorize_shown=1")
	keys(t, "Return")
	a.waitShown("signed_in")
	screenshot(t, "demo-2-signed-in")
	if st, code := status(t, env, "--demo"); code != 0 || !st.SignedIn || st.Login != "demo" || !st.Demo {
		t.Errorf("status --json --demo = %+v, exit %d", st, code)
	}
	if _, ok := secret(t, "atomgit-login-demo", "demo"); !ok {
		t.Error("no demo entry in the keyring")
	}
	if st, code := status(t, env); code != 1 || st.SignedIn {
		t.Errorf("the demo touched the real AtomGit sign-in: %+v", st)
	}

	// Restarted, the demo is still signed in, and its server still honours the tokens:
	// Refresh now (which has the focus) refreshes instead of asking to sign in again.
	a.stop()
	a = startApp(t, "demo-restart", env, "--demo")
	a.waitShown("signed_in")
	focusWindow(t)
	keys(t, "Return")
	a.waitLog("demo server", "refreshes=1")
	a.waitLog("msg=status", "state=signed_in")
	if strings.Contains(a.log.all(), "state=reauth") {
		t.Error("the restarted demo asked to sign in again")
	}
}

// TestStaysSignedInThroughNetworkCutsAndALockedKeyring runs a session across several
// short token lifetimes: the network is cut and restored (offline, retrying, then signed
// in again), and the keyring is locked and unlocked under the app (the session goes on in
// memory with a warning, and is written back once the keyring opens).
func TestStaysSignedInThroughNetworkCutsAndALockedKeyring(t *testing.T) {
	// 60 s: refreshed by itself 30 s after it was issued, when RefreshFloor first allows.
	w := newWorld(t, fakeatomgit.Options{AccessLifetime: time.Minute, RotateRefresh: true})
	a := startApp(t, "soak", w.env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")

	// The network goes: the refresh due 30 s after sign-in meets a reset connection.
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Reset: true})
	a.waitLog("msg=status", "state=offline", "problem=network")
	a.waitShown("offline")
	screenshot(t, "soak-1-offline")
	w.srv.ClearFaults() // the network comes back: the next retry (5 s ± 20 %) succeeds
	a.waitLog("msg=status", "state=signed_in", "storage=keyring")
	a.waitShown("signed_in")
	afterCut, _ := stored(t)

	// The keyring locks: the next refresh cannot be written; the session goes on.
	lockKeyring(t)
	a.waitLog("msg=status", "state=signed_in", "storage=memory")
	a.waitShown("signed_in")
	screenshot(t, "soak-2-keyring-locked")
	unlockKeyring(t)
	a.waitLog("msg=status", "state=signed_in", "storage=keyring")
	a.waitShown("signed_in")
	screenshot(t, "soak-3-keyring-back")
	final, ok := stored(t)
	if !ok || final.Token.AccessToken == afterCut.Token.AccessToken {
		t.Fatal("the keyring did not get the tokens refreshed while it was locked")
	}
	if st, code := status(t, w.env); code != 0 || !st.SignedIn || st.Storage != "keyring" {
		t.Errorf("status --json = %+v, exit %d", st, code)
	}
	if n := w.stats().Exchanges; n != 1 {
		t.Errorf("the person had to sign in %d times", n)
	}
}

// TestLoginCommandOpensTheWindowAtTheSignInAndReturns: `atomgit-login login` shows
// AtomGit's page at once, closes the window when signed in, and prints the account.
func TestLoginCommandOpensTheWindowAtTheSignInAndReturns(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startApp(t, "login-command", w.env, "login")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	focusWindow(t)
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	keys(t, "Return")
	select {
	case <-a.done:
	case <-time.After(60 * time.Second):
		t.Fatal("login did not return after signing in")
	}
	if code := a.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("login exited %d; log:\n%s", code, a.log.all())
	}
	out, err := os.ReadFile(outputDir + "/login-command.log")
	if err != nil || !strings.Contains(string(out), "Signed in to") || !strings.Contains(string(out), "as Demo User (@demo)") {
		t.Errorf("login printed %q (%v)", out, err)
	}
}

// TestTwoAccountsInTheWindow: "Add another account" ends AtomGit's web session so that a
// second person can log in; both accounts stay signed in, and Switch changes the active one
// (the one the commands and git use).
func TestTwoAccountsInTheWindow(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	t.Cleanup(func() {
		exec.Command("secret-tool", "clear", "service", "atomgit-login", "username", realm+"/demo").Run()
	})
	t.Cleanup(func() {
		exec.Command("secret-tool", "clear", "service", "atomgit-login", "username", realm+" accounts").Run()
	})
	a := startApp(t, "accounts", w.env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")

	// Tab order on the signed-in screen: Refresh now, Sign out, (Switch …,) Add another account.
	logins := w.stats().LoginShown
	focusWindow(t)
	keys(t, "Tab", "Tab", "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > logins })
	typeText(t, fakeatomgit.SecondUsername)
	keys(t, "Tab")
	typeText(t, fakeatomgit.SecondPassword)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 2 })
	keys(t, "Return")
	a.waitLog("msg=status", "state=signed_in")
	a.waitLog("msg=shown", "state=signed_in ", "accounts=2 ") // alice, and demo in the list
	screenshot(t, "accounts-1-two-accounts")
	if st, _ := status(t, w.env); st.Login != "alice" {
		t.Fatalf("active account %q, want alice", st.Login)
	}
	out, _, code := run(t, w.env, "accounts")
	if code != 0 || out != "* alice (Alice Liu)\n  demo (Demo User)\n" {
		t.Fatalf("accounts: exit %d, %q", code, out)
	}

	// Switch back to demo from the list.
	focusWindow(t)
	keys(t, "Tab", "Tab", "Return")
	a.waitLog("msg=status", "state=signed_in")
	a.waitLog("msg=shown", "state=signed_in ", "accounts=2 ")
	screenshot(t, "accounts-2-switched")
	if st, _ := status(t, w.env); st.Login != "demo" {
		t.Errorf("after Switch the active account is %q, want demo", st.Login)
	}
}

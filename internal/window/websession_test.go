package window

import (
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// AtomGit's web session in the window goes with the account the window shows: when that
// account stops being shown — signed out, or another one made active — by the window or
// by any other process, the web session ends, as the window's own sign-out ends it. Only
// a sign-in in the window starts one.

// signInInWindow signs the demo user in through the window, as its button does.
func (h *harness) signInInWindow() {
	h.t.Helper()
	start, err := h.c.SignIn()
	if err != nil {
		h.t.Fatal(err)
	}
	h.approve(start.URL)
	h.waitShows("demo")
}

// waitShows waits until the window's last status shows login ("" for nobody, signed out).
func (h *harness) waitShows(login string) {
	h.t.Helper()
	h.win.wait(h.t, "the window shows @"+login, func() bool {
		ev := h.win.Events()
		if len(ev) == 0 {
			return false
		}
		last := ev[len(ev)-1]
		if login == "" {
			return last.Account == nil && last.State == session.SignedOut
		}
		return last.Account != nil && last.Account.Login == login && last.State == session.SignedIn
	})
}

// otherProcess is another process's Keeper on the window's realm: a command in a terminal.
func (h *harness) otherProcess() session.Keeper {
	h.t.Helper()
	k, err := h.env.Keeper()
	if err != nil {
		h.t.Fatal(err)
	}
	return k
}

func (h *harness) wantWebSessionsEnded(n int, why string) {
	h.t.Helper()
	if got := h.win.Called("EndWebSessions"); got != n {
		h.t.Errorf("%s: EndWebSessions called %d times in all; want %d", why, got, n)
	}
}

func TestAFollowedSignOutEndsWebSessions(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	h.signInInWindow()
	h.wantWebSessionsEnded(0, "a sign-in in the window")

	if _, _, err := h.otherProcess().SignOut(t.Context(), ""); err != nil { // `atomgit-login logout`
		t.Fatal(err)
	}
	h.waitShows("")
	h.wantWebSessionsEnded(1, "after a logout in a terminal")
}

func TestAFollowedChangeOfAccountEndsWebSessions(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	h.signInInWindow()
	other := h.otherProcess()

	// `login --browser` as alice in a terminal: the window shows alice; its web session
	// was demo's.
	alice := &session.Record{
		Token:       atomgit.Token{AccessToken: "atu_alice", RefreshToken: "refresh_alice", Expiry: time.Now().Add(time.Hour)},
		Account:     session.Account{Login: "alice", Name: "Alice"},
		RefreshedAt: time.Now(),
	}
	if err := other.SignIn(t.Context(), alice, nil); err != nil {
		t.Fatal(err)
	}
	h.win.wait(t, "the window shows @alice", func() bool {
		ev := h.win.Events()
		return len(ev) > 0 && ev[len(ev)-1].Account != nil && ev[len(ev)-1].Account.Login == "alice"
	})
	h.wantWebSessionsEnded(1, "after a sign-in in a terminal")

	// `switch demo` in a terminal: demo is shown again, alice is parked.
	if err := other.Switch(t.Context(), "demo"); err != nil {
		t.Fatal(err)
	}
	h.waitShows("demo")
	h.wantWebSessionsEnded(2, "after a switch in a terminal")

	// `logout` of demo: alice, parked, becomes the active account.
	if _, _, err := other.SignOut(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	h.win.wait(t, "the window shows @alice", func() bool {
		ev := h.win.Events()
		return len(ev) > 0 && ev[len(ev)-1].Account != nil && ev[len(ev)-1].Account.Login == "alice"
	})
	h.wantWebSessionsEnded(3, "after the active account's logout in a terminal")
}

// A sign-in in the window keeps the web session it has just made, also when it replaces
// the account shown (the window asked to sign in again, and another person logged in).
func TestASignInInTheWindowKeepsItsWebSession(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	h.signInInWindow()
	h.signInInWindow()
	h.wantWebSessionsEnded(0, "two sign-ins in the window")
	if err := h.c.SignOut(); err != nil {
		t.Fatal(err)
	}
	h.waitShows("")
	h.wantWebSessionsEnded(1, "the window's own sign-out")
}

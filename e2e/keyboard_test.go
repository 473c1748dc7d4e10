//go:build integration

package e2e

import (
	"os"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestSignInWithTheKeyboardAlone is a person who uses no mouse: from the window's first
// screen to signed in and out again with Tab, Shift+Tab, Enter and Esc, and typing on
// AtomGit's login page. On the way they change their mind three times, and Esc takes them
// back each time: on the app's "waiting for your browser" screen, on its "opening
// AtomGit" screen, and on AtomGit's own login page. The window gets the keyboard once, as
// a window manager gives it; nothing clicks.
func TestSignInWithTheKeyboardAlone(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	env := append(w.env, "PATH="+noBrowser(t)+":"+os.Getenv("PATH"))
	a := startApp(t, "keyboard", env)
	a.waitShown("signed_out")
	focusWindow(t)
	cancelled := func() {
		t.Helper()
		a.waitLog("msg=status", "state=signed_out", "problem=cancelled")
		a.waitShown("signed_out")
	}

	// Tab moves from Sign in to "Use my web browser instead"; Enter there waits for the
	// system browser; Esc gives up.
	keys(t, "Tab", "Return")
	a.waitShown("waiting")
	keys(t, "Escape")
	cancelled()

	// Tab, then Shift+Tab back: Enter on Sign in opens AtomGit (held up on the way by the
	// stand-in, so that the app's own screen is the one showing); Esc gives up.
	hold := make(chan struct{})
	w.srv.SetFault(fakeatomgit.RouteAuthorize, fakeatomgit.Fault{Hold: hold, Times: 1})
	keys(t, "Tab", "shift+Tab", "Return")
	a.waitShown("opening")
	keys(t, "Escape")
	cancelled()
	close(hold)

	// Enter opens AtomGit's login page in the window; Esc there gives up too.
	before := w.stats()
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > before.LoginShown })
	keys(t, "Escape")
	cancelled()

	// Enter, type the name, Tab, the password, Enter; Enter on Allow: signed in.
	before = w.stats()
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > before.LoginShown })
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	keys(t, "Return")
	a.waitShown("signed_in")
	if st, code := status(t, w.env); code != 0 || st.Login != fakeatomgit.DefaultUsername {
		t.Fatalf("signed in by keyboard: status %+v, exit %d", st, code)
	}

	// Refresh now has the focus; Tab reaches Sign out, and Enter signs out.
	keys(t, "Tab", "Return")
	a.waitShown("signed_out")
	if st, code := status(t, w.env); code != 1 || st.SignedIn {
		t.Errorf("signed out by keyboard: status %+v, exit %d", st, code)
	}
	if n := w.stats().Exchanges; n != 1 {
		t.Errorf("%d codes exchanged, want 1: a cancelled attempt went on", n)
	}
}

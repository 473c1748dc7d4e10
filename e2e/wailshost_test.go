//go:build integration

package e2e

import (
	"path/filepath"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// hostTitle is the title of examples/wails-host's window.
const hostTitle = "Acme Desktop"

// TestSignInInsideAnotherWailsApp: examples/wails-host, a Wails app of its own that hosts
// the sign-in (auth/wailsauth), signs the person in inside its own window through the
// webview's catch (the redirect port stays free), greets them by name with their profile
// from the API, shares the session with atomgit-login's commands, and follows a sign-out
// made in a terminal within 2 s.
func TestSignInInsideAnotherWailsApp(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startProgram(t, filepath.Join(filepath.Dir(binary), "wails-host"), "wails-host", w.env)
	a.waitLog("msg=greeting", "signed_in=false")
	screenshot(t, "wails-host-1-own-page")

	// The app's own page links to the sign-in (it has the focus); the sign-in page shows.
	focusTitled(t, hostTitle)
	keys(t, "Return")
	a.waitShown("signed_out")
	screenshot(t, "wails-host-2-sign-in-page")

	// Its sign-in button; AtomGit's pages in the app's window; no port opened.
	before := w.stats()
	focusTitled(t, hostTitle)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > before.LoginShown })
	pendingInTheWebview(t, a, w)
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	keys(t, "Return") // Allow

	// Back on the app's own page: greeted by name, with the profile from the API.
	a.waitLog("msg=greeting", "signed_in=true", `name="Demo User"`, "profile=http")
	screenshot(t, "wails-host-3-greeted")
	st, code := status(t, w.env)
	if code != 0 || !st.SignedIn || st.Login != "demo" {
		t.Fatalf("status --json after the sign-in in the app = %+v (exit %d), want demo signed in", st, code)
	}

	// A sign-out in a terminal: the app's Go code and its page follow within 2 s.
	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: exit %d: %s", code, stderr)
	}
	deadline := time.Now().Add(2 * time.Second)
	a.waitLogBy(deadline, "msg=session", "state=signed_out")
	a.waitLogBy(deadline, "msg=greeting", "signed_in=false")
	screenshot(t, "wails-host-4-signed-out-elsewhere")
}

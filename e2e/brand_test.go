//go:build integration

package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestABrandedAppSharesItsRefreshWithTheCommands: a reuser's name and text on the window
// with no code changed; and `atomgit-login token` run while the app is refreshing waits
// for the app's refresh instead of sending its own (one refresh request in all).
func TestABrandedAppSharesItsRefreshWithTheCommands(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{AccessLifetime: 20 * time.Second})
	const brand = "Acme Forge"
	env := append(w.env, "ATOMGIT_APP_NAME="+brand, "ATOMGIT_TAGLINE=One sign-in for every Acme tool.")
	a := startApp(t, "brand", env)
	a.waitShown("signed_out")
	screenshot(t, "brand-1-signed-out")
	before := w.stats()
	focusTitled(t, brand)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > before.LoginShown })
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	keys(t, "Return")
	a.waitShown("signed_in")
	screenshot(t, "brand-2-signed-in")

	// The app's refresh (due 10 s after sign-in) is held up by the server for 2 s; while it
	// is under way, five `token` processes ask for a token.
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Delay: 2 * time.Second, Times: 1})
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes >= 1 })
	var wg sync.WaitGroup
	tokens := make([]string, 5)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, stderr, code := run(t, env, "token")
			if code != 0 {
				t.Errorf("token: exit %d: %s", code, stderr)
			}
			tokens[i] = strings.TrimSpace(out)
		}()
	}
	wg.Wait()
	a.waitLog("msg=status", "state=signed_in")
	rec, _ := stored(t)
	for i, tok := range tokens {
		if tok != rec.Token.AccessToken {
			t.Errorf("process %d got %q, the keyring holds the app's refreshed token", i, tok)
		}
	}
	if n := w.stats().Refreshes; n != 1 {
		t.Errorf("refresh requests = %d, want 1 between the app and five commands", n)
	}
}

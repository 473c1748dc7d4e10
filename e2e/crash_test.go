//go:build integration

package e2e

import (
	"context"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// seed signs in in-process (the same code path as the window, without the window) and
// stores the session in the real keyring under the app's entry.
func seed(t *testing.T, w *world) {
	t.Helper()
	a, tok, u := w.srv.Endpoint2023()
	m := session.New(session.Options{
		Client: atomgit.Client{
			Endpoint:    atomgit.Endpoint{AuthorizeURL: a, TokenURL: tok, UserURL: u, Style: atomgit.StyleJSON},
			ClientID:    clientID,
			RedirectURI: w.callback, ClientSecret: clientSecret,
		},
		Vault:      session.Vault{Store: keyring.NewSystem(), Service: "atomgit-login", Key: realm},
		ReturnURL:  "wails://wails/",
		Configured: true,
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m.Run(ctx, time.Minute)
	start, err := m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Approve(ctx, start.URL); err != nil {
		t.Fatal(err)
	}
	for m.Status().State != session.SignedIn {
		if ctx.Err() != nil {
			t.Fatalf("seed: %+v", m.Status())
		}
		time.Sleep(5 * time.Millisecond) // polling the state
	}
}

// TestKilledMidRefreshLosesNothing kills `atomgit-login token` with SIGKILL at random
// moments of a refresh, 50 times, against a server that rotates refresh tokens. After
// each kill the keyring entry must be whole, and the next run must get a token silently —
// or, only when the server had already rotated before the killed process could write, say
// "sign in again". The count of each outcome is printed.
func TestKilledMidRefreshLosesNothing(t *testing.T) {
	// Every access token is already expired when it is read: each run refreshes.
	w := newWorld(t, fakeatomgit.Options{AccessLifetime: time.Millisecond, RotateRefresh: true})
	seed(t, w)
	outcomes := map[string]int{}
	for i := range 50 {
		before := w.stats()
		w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Delay: time.Duration(rand.IntN(60)) * time.Millisecond, Times: 1})
		cmd := exec.Command(binary, "token")
		cmd.Env = w.env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(120)) * time.Millisecond) // the moment of the kill, at random
		cmd.Process.Kill()
		cmd.Wait()
		rotated := w.stats().TokensIssued > before.TokensIssued

		if _, ok := stored(t); !ok {
			t.Fatalf("kill %d: the keyring entry is gone or unreadable", i)
		}
		tok, stderr, code := run(t, w.env, "token")
		switch {
		case code == 0 && strings.TrimSpace(tok) != "":
			outcomes["signed in silently"]++
		case code == 1 && strings.Contains(stderr, "sign in again") && rotated:
			outcomes["sign in again (rotated before the write)"]++
			seed(t, w)
		default:
			t.Fatalf("kill %d: after the kill `token` exited %d: %s (server rotated: %v)", i, code, stderr, rotated)
		}
	}
	t.Logf("outcomes of 50 kills mid-refresh: %v", outcomes)
	for k, v := range outcomes {
		println("crash test:", k, v)
	}
}

//go:build integration

package e2e

import (
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestKilledMidRefreshLosesNothing kills `atomgit-login token` with SIGKILL at random
// moments of a refresh, 50 times, against a server that rotates refresh tokens. After
// each kill the keyring entry must be whole, and the next run must get a token silently —
// or, only when the server had already rotated before the killed process could write, say
// "sign in again". The count of each outcome is printed.
func TestKilledMidRefreshLosesNothing(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	outcomes := map[string]int{}
	for i := range 50 {
		expireStoredToken(t) // the run refreshes first
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
		// The server may still be answering the dead process's request (a Delay fault):
		// what it did is only known once it has finished every request it received.
		w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
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
			signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
		default:
			t.Fatalf("kill %d: after the kill `token` exited %d: %s (server rotated: %v)", i, code, stderr, rotated)
		}
	}
	t.Logf("outcomes of 50 kills mid-refresh: %v", outcomes)
	for k, v := range outcomes {
		println("crash test:", k, v)
	}
}

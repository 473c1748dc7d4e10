//go:build integration

package e2e

import (
	"bytes"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// refused runs `atomgit-login token --refused` with token on its standard input.
func refused(t *testing.T, env []string, token string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, "token", "--refused")
	cmd.Env = env
	cmd.Stdin = strings.NewReader(token + "\n")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("token --refused: %v", err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// TestManyToolsReportingOneRefusedTokenCauseOneRefresh: 100 processes report the same
// 401 at once; one refresh happens and all of them print the new token. A report of a
// token that is no longer current sends nothing.
func TestManyToolsReportingOneRefusedTokenCauseOneRefresh(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	old, _ := stored(t)
	before := w.stats()
	const tools = 100
	outs, codes := make([]string, tools), make([]int, tools)
	var wg sync.WaitGroup
	for i := range tools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], _, codes[i] = refused(t, w.env, old.Token.AccessToken)
		}()
	}
	wg.Wait()
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
	if n := w.stats().Refreshes - before.Refreshes; n != 1 {
		t.Errorf("%d processes reporting one token caused %d refreshes, want 1", tools, n)
	}
	now, _ := stored(t)
	for i := range tools {
		if codes[i] != 0 || strings.TrimSpace(outs[i]) != now.Token.AccessToken {
			t.Fatalf("process %d: exit %d; want 0 and the stored token", i, codes[i])
		}
	}
	before = w.stats()
	if out, _, code := refused(t, w.env, old.Token.AccessToken); code != 0 || strings.TrimSpace(out) != now.Token.AccessToken {
		t.Errorf("a stale report: exit %d", code)
	}
	if n := w.stats().Refreshes - before.Refreshes; n != 0 {
		t.Errorf("a stale report caused %d refreshes", n)
	}
}

// TestARevokedGrantShowsEverywhere: the grant is revoked on the server while the access
// token is still good; a tool's 401 report finds the refresh refused; the window shows
// that a new sign-in is needed within 2 s, and no process hands out the token again.
func TestARevokedGrantShowsEverywhere(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	a := startApp(t, "revoked", w.env)
	a.waitShown("signed_in")
	rec, _ := stored(t)
	w.srv.RevokeAll()

	_, stderr, code := refused(t, w.env, rec.Token.AccessToken)
	if code != 1 || !strings.Contains(stderr, "sign in again") {
		t.Fatalf("token --refused after the revocation: exit %d: %s", code, stderr)
	}
	a.waitLogBy(time.Now().Add(2*time.Second), "msg=shown", "state=reauth ")
	screenshot(t, "revoked-window-asks-to-sign-in-again")
	if out, stderr, code := run(t, w.env, "token"); code != 1 || out != "" {
		t.Errorf("token in another process afterwards: exit %d, %q, %s", code, out, stderr)
	}
	if st, code := status(t, w.env); code != 1 || st.SignedIn || st.State != session.Reauth {
		t.Errorf("status afterwards: %+v, exit %d", st, code)
	}
}

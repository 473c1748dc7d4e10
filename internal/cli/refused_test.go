package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// runIn runs the program with stdin, as a tool piping a token into it would.
func (f *fixture) runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	f.t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, Deps{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store})
	return code, out.String(), errb.String()
}

// A tool that got a 401 reports the token: the current one is refreshed once, however
// many report it, and every one of them gets the new token.
func TestTokenRefusedRefreshesOnceForManyReports(t *testing.T) {
	f := newFixture(t)
	old := f.signIn() // valid: nothing is due
	before := f.refreshes()
	const tools = 100
	var wg sync.WaitGroup
	outs := make([]string, tools)
	codes := make([]int, tools)
	for i := range tools {
		wg.Add(1)
		go func() { // each Main opens its own session, as a separate process would
			defer wg.Done()
			codes[i], outs[i], _ = f.runIn(old.Token.AccessToken+"\n", "token", "--refused")
		}()
	}
	wg.Wait()
	if n := f.refreshes() - before; n != 1 {
		t.Errorf("%d tools reporting the same token caused %d refreshes, want 1", tools, n)
	}
	now := f.stored().Token.AccessToken
	for i := range tools {
		if codes[i] != ExitOK || strings.TrimSpace(outs[i]) != now {
			t.Fatalf("tool %d: exit %d, printed %q; want 0 and the new token", i, codes[i], outs[i])
		}
	}
	if now == old.Token.AccessToken {
		t.Error("the refused token is still the stored one")
	}

	// A report of a token that is no longer current sends nothing.
	before = f.refreshes()
	if code, out, _ := f.runIn(old.Token.AccessToken, "token", "--refused"); code != ExitOK || strings.TrimSpace(out) != now {
		t.Errorf("a stale report: exit %d, %q", code, out)
	}
	if n := f.refreshes() - before; n != 0 {
		t.Errorf("a stale report caused %d refreshes", n)
	}
	if code, _, errs := f.runIn("", "token", "--refused"); code != ExitUsage || !strings.Contains(errs, "standard input") {
		t.Errorf("no token on stdin: exit %d, %q", code, errs)
	}
}

// A grant revoked on the server while its access token is unexpired: the refresh that a
// 401 triggers is refused, and from then on every process says a new sign-in is needed.
func TestARevokedGrantIsSeenByEveryProcess(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()
	f.srv.RevokeAll()
	code, out, errs := f.runIn(rec.Token.AccessToken, "token", "--refused")
	if code != ExitNo || out != "" || !strings.Contains(errs, "sign in again") {
		t.Errorf("token --refused after a revocation: exit %d, %q, %q", code, out, errs)
	}
	if !f.stored().Refused {
		t.Error("the refusal is not recorded in the keyring")
	}
	// Another process, later: the access token has not expired, yet it is not handed out.
	if code, out, errs := f.run("token"); code != ExitNo || out != "" || !strings.Contains(errs, "sign in again") {
		t.Errorf("token afterwards: exit %d, %q, %q", code, out, errs)
	}
	code, out, _ = f.run("status", "--json")
	var st StatusJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status --json: %v: %q", err, out)
	}
	if code != ExitNo || st.SignedIn || st.TokenValid || st.State != session.Reauth || st.Login != rec.Account.Login {
		t.Errorf("status afterwards: exit %d, %+v", code, st)
	}
	// A new sign-in replaces the refused record.
	f.signIn()
	if code, _, errs := f.run("token"); code != ExitOK {
		t.Errorf("token after signing in again: exit %d, %q", code, errs)
	}
}

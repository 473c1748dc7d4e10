package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// anHourAgo announces an expiry an hour in the past, in epoch milliseconds: a token
// answer from a server whose clock is wrong.
func anHourAgo(now time.Time) string { return strconv.FormatInt(now.Add(-time.Hour).UnixMilli(), 10) }

// `token` never prints a token it knows has expired: 20 runs against a server whose
// tokens arrive expired send one refresh, and each says why it has no token.
func TestTokenNeverPrintsAnExpiredToken(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	f.srv.SetExpiresIn(anHourAgo)
	f.expire() // due: the next `token` refreshes
	for i := range 20 {
		code, out, errs := f.run("token")
		if code != ExitNo || out != "" || !strings.Contains(errs, "no valid token for "+f.host()+" until the next refresh") ||
			!strings.Contains(errs, "AtomGit's access tokens expire 0s after they are issued") {
			t.Fatalf("run %d: exit %d, stdout %q, stderr %q; want exit 1, no token, and why", i+1, code, out, errs)
		}
	}
	if n := f.refreshes(); n != 1 {
		t.Errorf("20 runs sent %d refreshes, want 1", n)
	}
	if code, _, _ := f.run("status"); code != ExitNo {
		t.Errorf("status: exit %d, want 1", code)
	} else if _, out, _ := f.run("status"); !strings.Contains(out, "no refresh before") || !strings.Contains(out, "expire 0s after") {
		t.Errorf("status says %q; want when the next refresh is, and why", out)
	}
	code, out, _ := f.run("status", "--json")
	var st StatusJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if code != ExitNo || st.TokenValid || st.State != session.Offline || st.Problem == nil || st.Problem.Code != session.CodeShortLived {
		t.Errorf("status --json: exit %d, %+v (problem %+v); want 1, no valid token, offline, short_lived", code, st, st.Problem)
	}
}

// `login --browser` against such a server signs in (the session is stored, and may yet
// work when the server mends), and warns why tools will get no token.
func TestLoginWithTokensThatExpireAtOnceWarns(t *testing.T) {
	f := newFixtureWith(t, fakeatomgit.Options{ExpiresIn: anHourAgo})
	var stdout strings.Builder
	code, errs := browserLoginTo(t, f, &stdout, func(authorizeURL string) {
		if err := (&fakeatomgit.Browser{}).Approve(context.Background(), authorizeURL); err != nil {
			t.Fatal(err)
		}
	})
	if code != ExitOK || !strings.Contains(stdout.String(), "as Demo User (@demo)") ||
		!strings.Contains(errs, "warning: AtomGit's access tokens expire 0s after they are issued") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, the account, and a warning", code, stdout.String(), errs)
	}
	if n := f.refreshes(); n != 0 {
		t.Errorf("the sign-in was followed by %d refreshes, within the floor", n)
	}
}

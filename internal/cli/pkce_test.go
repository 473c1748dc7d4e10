package cli

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

func TestBadPKCEIsAUsageError(t *testing.T) {
	f := newFixture(t)
	code, out, errs := f.run("config", "--pkce", "plain")
	if code != ExitUsage || out != "" || !strings.Contains(errs, "--pkce") || !strings.Contains(errs, "s256 or off") {
		t.Errorf("exit %d, stdout %q, stderr %q; want %d and a message naming --pkce", code, out, errs, ExitUsage)
	}
}

// TestLoginWithPKCE signs in from the settings to the stand-in, which refuses the code
// without the verifier that goes with its challenge.
func TestLoginWithPKCE(t *testing.T) {
	f := newFixture(t)
	f.vars["ATOMGIT_PKCE"] = "s256"
	var query url.Values
	code, errs := browserLogin(t, f, func(authorizeURL string) {
		if u, err := url.Parse(authorizeURL); err == nil {
			query = u.Query()
		}
		if err := (&fakeatomgit.Browser{}).Approve(context.Background(), authorizeURL); err != nil {
			t.Error(err)
		}
	})
	if code != ExitOK || f.stored() == nil {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if query.Get("code_challenge_method") != "S256" || len(query.Get("code_challenge")) != 43 {
		t.Errorf("authorize query %v, want an S256 code_challenge", query)
	}
}

package session

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A pasted sign-in opens no port, refuses a stale or wrong paste and goes on, and signs
// in with the address the browser ended on, its PKCE verifier included.
func TestPastedSignInOpensNoPortAndTakesTheRightPaste(t *testing.T) {
	f, log := catchFixture(t, nil)
	f.pkce = atomgit.PKCES256
	f.m = f.manager()
	if err := f.m.Paste("anything"); !errors.Is(err, ErrNoAttempt) {
		t.Errorf("a paste with no sign-in under way: %v", err)
	}
	start, err := f.m.BeginPastedSignIn()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "callback=paste") || !bindable(t, f.redirect) {
		t.Fatalf("the pasted sign-in listens, or says otherwise; log: %s", log.String())
	}
	u, _ := url.Parse(start.URL)
	if u.Query().Get("redirect_uri") != f.redirect || u.Query().Get("code_challenge") == "" {
		t.Errorf("authorize URL %s", start.URL)
	}
	if st := f.m.Status(); st.State != Waiting {
		t.Errorf("state %s, want waiting", st.State)
	}
	callback, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), start.URL)
	if err != nil {
		t.Fatal(err)
	}
	var ce *authflow.CallbackError
	if err := f.m.Paste(f.redirect + "?code=stale&state=earlier"); !errors.As(err, &ce) || ce.Code != authflow.CodeStateMismatch {
		t.Errorf("a stale paste: %v", err)
	}
	if err := f.m.Paste(start.URL); !errors.Is(err, authflow.ErrNotCallback) {
		t.Errorf("the authorize URL pasted back: %v", err)
	}
	if f.m.Status().State != Waiting {
		t.Fatal("a refused paste ended the sign-in")
	}
	if err := f.m.Paste(callback); err != nil {
		t.Fatal(err)
	}
	f.waitState(SignedIn)
	if s := f.srv.Stats(); s.Exchanges != 1 || s.TokensIssued != 1 {
		t.Errorf("stats %+v", s)
	}
}

package session

import (
	"context"
	"net/url"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// authorizeQuery starts a sign-in and returns its authorize URL's query.
func (f *fixture) authorizeQuery() url.Values {
	f.t.Helper()
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	u, err := url.Parse(start.URL)
	if err != nil {
		f.t.Fatal(err)
	}
	return u.Query()
}

func TestSignInWithPKCE(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	if q := f.authorizeQuery(); q.Has("code_challenge") || q.Has("code_challenge_method") {
		t.Errorf("PKCE off: the authorize URL has %v", q)
	}
	f.m.CancelSignIn()
	f.waitState(SignedOut)

	f.pkce = atomgit.PKCES256
	f.m = f.manager()
	first := f.authorizeQuery()
	start, err := f.m.BeginSignIn(nil) // a second attempt replaces the first
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(start.URL)
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		t.Fatalf("PKCE s256: the authorize URL has %v, want an S256 code_challenge", q)
	}
	if q.Get("code_challenge") == first.Get("code_challenge") {
		t.Errorf("two attempts share the challenge %s", q.Get("code_challenge"))
	}
	// The stand-in refuses the exchange unless the verifier matches the challenge it
	// saw, so signing in proves that the verifier went along.
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	st := f.waitState(SignedIn)
	if st.Account == nil || st.Account.Login != "demo" || f.stored() == nil {
		t.Fatalf("status = %+v", st)
	}
	if got := f.srv.Stats(); got.Exchanges != 1 || got.TokensIssued != 1 {
		t.Errorf("stats = %+v, want one exchange that issued tokens", got)
	}
}

func TestStolenCodeIsUselessWithPKCE(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.pkce = atomgit.PKCES256
	f.m = f.manager()
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Someone else reads the redirect (another program on the loopback port, a log) and
	// redeems the code with the app's own client id and secret, but no verifier.
	cb, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), start.URL)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(cb)
	thief := f.m.opts.Client
	tok, err := thief.Exchange(context.Background(), u.Query().Get("code"))
	if !atomgit.IsInvalidGrant(err) {
		t.Errorf("exchange without the verifier: %+v, %v; want invalid_grant", tok, err)
	}
	tok, err = thief.Exchange(context.Background(), u.Query().Get("code"), atomgit.VerifierOption(atomgit.GenerateVerifier()))
	if !atomgit.IsInvalidGrant(err) {
		t.Errorf("exchange with another verifier: %+v, %v; want invalid_grant", tok, err)
	}
	f.m.CancelSignIn()
	f.waitState(SignedOut)
}

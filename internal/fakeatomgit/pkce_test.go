package fakeatomgit

import (
	"net/http"
	"net/url"
	"testing"
)

// The example of RFC 7636, appendix B.
const (
	rfcVerifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

// pkceAuthorize is the authorize URL of a profile with these code_challenge
// parameters (each left out when empty).
func pkceAuthorize(current bool, challenge, method string) string {
	q := url.Values{}
	if challenge != "" {
		q.Set("code_challenge", challenge)
	}
	if method != "" {
		q.Set("code_challenge_method", method)
	}
	return authorizeQuery(current, "s1") + "&" + q.Encode()
}

// pkceCode signs in on a profile with these code_challenge parameters and returns the
// code.
func (f *fixture) pkceCode(current bool, challenge, method string) string {
	f.t.Helper()
	loc := f.browser().signIn(pkceAuthorize(current, challenge, method), "allow")
	code := loc.Query().Get("code")
	if code == "" {
		f.t.Fatalf("callback %s has no code", loc)
	}
	return code
}

// exchangeWith swaps a code on a profile's token endpoint, sending verifier unless it
// is empty.
func (f *fixture) exchangeWith(current bool, code, verifier string) (int, map[string]any) {
	f.t.Helper()
	if current {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {DefaultClientID},
			"client_secret": {DefaultClientSecret}, "redirect_uri": {testRedirect}}
		if verifier != "" {
			form.Set("code_verifier", verifier)
		}
		return f.postForm("/oauth/token", form)
	}
	body := map[string]string{"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "code": code}
	if verifier != "" {
		body["code_verifier"] = verifier
	}
	return f.postJSON("/login/oauth/access_token", body)
}

func TestPKCEExchange(t *testing.T) {
	tests := []struct {
		name              string
		challenge, method string
		verifier          string
		ok                bool
	}{
		{"S256, right verifier", rfcChallenge, "S256", rfcVerifier, true},
		{"S256, no verifier", rfcChallenge, "S256", "", false},
		{"S256, wrong verifier", rfcChallenge, "S256", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl", false},
		{"S256, the challenge as verifier", rfcChallenge, "S256", rfcChallenge, false},
		{"plain (no method), right verifier", rfcVerifier, "", rfcVerifier, true},
		{"plain, wrong verifier", rfcVerifier, "plain", rfcChallenge, false},
		{"no challenge, no verifier", "", "", "", true},
		{"no challenge, a verifier", "", "", rfcVerifier, true},
	}
	for _, current := range []bool{false, true} {
		for _, tt := range tests {
			f := newFixture(t, Options{})
			code := f.pkceCode(current, tt.challenge, tt.method)
			status, m := f.exchangeWith(current, code, tt.verifier)
			switch {
			case tt.ok && (status != 200 || str(m, "access_token") == ""):
				t.Errorf("current=%v, %s: %d %v, want 200 and a token", current, tt.name, status, m)
			case !tt.ok && (status != 400 || str(m, "error") != "invalid_grant"):
				t.Errorf("current=%v, %s: %d %v, want 400 invalid_grant", current, tt.name, status, m)
			}
		}
	}
}

// TestPKCEWrongVerifierUsesUpTheCode: whoever tries a stolen code first burns it.
func TestPKCEWrongVerifierUsesUpTheCode(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.pkceCode(false, rfcChallenge, "S256")
	if status, m := f.exchangeWith(false, code, ""); status != 400 {
		t.Fatalf("without the verifier: %d %v, want 400", status, m)
	}
	if status, m := f.exchangeWith(false, code, rfcVerifier); status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("the right verifier after a wrong try: %d %v, want 400 invalid_grant", status, m)
	}
}

func TestPKCEBadChallengeIsSentBack(t *testing.T) {
	tests := []struct{ name, challenge, method string }{
		{"unknown method", rfcChallenge, "S512"},
		{"short challenge", rfcChallenge[:42], "S256"},
		{"a character outside the set", rfcChallenge[:42] + "+", "S256"},
		{"method without challenge", "", "S256"},
	}
	for _, current := range []bool{false, true} {
		for _, tt := range tests {
			f := newFixture(t, Options{})
			p := f.browser().get(pkceAuthorize(current, tt.challenge, tt.method))
			loc, err := p.Location()
			if p.StatusCode != http.StatusFound || err != nil {
				t.Fatalf("current=%v, %s: %d %v, want a redirect to the callback", current, tt.name, p.StatusCode, err)
			}
			if q := loc.Query(); q.Get("error") != "invalid_request" || q.Get("code") != "" || q.Get("state") != "s1" {
				t.Errorf("current=%v, %s: redirect %s, want error=invalid_request and the state", current, tt.name, loc)
			}
		}
	}
}

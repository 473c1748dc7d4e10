package fakeatomgit

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// controlPost posts form to a control route and returns the answer, not following a
// redirect (the program's callback is not there).
func (f *fixture) controlPost(path string, form url.Values) (*http.Response, string) {
	f.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(f.ts.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// A script approves a sign-in with one form: the answer sends it to the program's
// callback with a code that the program can exchange; deny sends access_denied; a wrong
// password, or an address that is not an authorize page, approves nothing.
func TestAScriptApprovesWithAForm(t *testing.T) {
	f := newFixture(t, Options{Controls: true})
	for _, current := range []bool{false, true} {
		authorize := f.ts.URL + authorizeQuery(current, "st")
		resp, _ := f.controlPost("/demo/approve", url.Values{"url": {authorize}})
		loc, err := resp.Location()
		if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), testRedirect) || loc.Query().Get("state") != "st" {
			t.Fatalf("current %v: approve answered %d to %v", current, resp.StatusCode, loc)
		}
		if current {
			continue
		}
		if code, tok := f.exchange2023(loc.Query().Get("code")); code != 200 || str(tok, "access_token") == "" {
			t.Errorf("the approved code does not exchange: %d %v", code, tok)
		}
	}
	resp, _ := f.controlPost("/demo/approve", url.Values{"url": {f.ts.URL + authorizeQuery(false, "st")}, "action": {"deny"},
		"username": {SecondUsername}, "password": {SecondPassword}})
	if loc, _ := resp.Location(); loc == nil || loc.Query().Get("error") != "access_denied" {
		t.Errorf("deny: %d %v", resp.StatusCode, loc)
	}
	for _, form := range []url.Values{
		{"url": {f.ts.URL + authorizeQuery(false, "st")}, "password": {"wrong"}},
		{"url": {f.ts.URL + "/login?next=/"}},
		{"url": {"%zz"}},
	} {
		if resp, body := f.controlPost("/demo/approve", form); resp.StatusCode < 400 || body == "" {
			t.Errorf("%v: %d %q, want a refusal that says why", form, resp.StatusCode, body)
		}
	}
	if n := f.srv.Stats().CodesIssued; n != 2 {
		t.Errorf("%d codes issued, want 2", n)
	}
}

// refuse makes the API answer 401 until a refresh; revoke refuses the refresh too.
func TestAScriptRefusesTheTokensOrRevokesTheGrant(t *testing.T) {
	f := newFixture(t, Options{Controls: true})
	_, tok := f.exchange2023(f.code())
	access, refresh := str(tok, "access_token"), str(tok, "refresh_token")
	f.controlPost("/demo/refuse", nil)
	if code, _ := f.user("/user/info", access); code != http.StatusUnauthorized {
		t.Errorf("after refuse the API answered %d", code)
	}
	refreshForm := map[string]string{"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "grant_type": "refresh_token", "refresh_token": refresh}
	code, tok := f.postJSON("/login/oauth/access_token", refreshForm)
	if code != 200 {
		t.Fatalf("refresh after refuse: %d %v", code, tok)
	}
	if code, _ := f.user("/user/info", str(tok, "access_token")); code != 200 {
		t.Errorf("the refreshed token: %d", code)
	}
	f.controlPost("/demo/revoke", nil)
	if code, tok := f.postJSON("/login/oauth/access_token", refreshForm); code == 200 || str(tok, "error") != "invalid_grant" {
		t.Errorf("refresh after revoke: %d %v", code, tok)
	}
}

// Without Options.Controls there are no control routes: the window's demo and the tests'
// stand-in cannot be driven by a page or program that finds them.
func TestNoControlsUnlessAsked(t *testing.T) {
	f := newFixture(t, Options{})
	for _, path := range []string{"/demo/approve", "/demo/revoke", "/demo/refuse"} {
		if resp, _ := f.controlPost(path, url.Values{"url": {f.ts.URL + authorizeQuery(false, "st")}}); resp.StatusCode < 400 {
			t.Errorf("%s answered %d without controls", path, resp.StatusCode)
		}
	}
}

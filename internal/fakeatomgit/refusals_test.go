package fakeatomgit

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The ways a real OAuth server refuses a misconfigured app: an error page that does not
// redirect for a client id or redirect URI it does not know (RFC 6749 4.1.2.1), a 401
// invalid_client for a wrong secret or client id at the token endpoint, and
// unauthorized_client for an app that may not use the code grant.
func TestTheAppsMisconfigurationsAreRefusedAsARealServerDoes(t *testing.T) {
	f := newFixture(t, Options{RedirectURIs: []string{testRedirect}})
	for _, tc := range []struct {
		name, query, want string
	}{
		{"unknown client id", url.Values{"client_id": {"not-registered"}, "state": {"s"}, "redirect_uri": {testRedirect}}.Encode(), "client_id"},
		{"unknown redirect URI", url.Values{"client_id": {DefaultClientID}, "state": {"s"}, "redirect_uri": {"http://127.0.0.1:1/elsewhere"}}.Encode(), "redirect_uri"},
	} {
		p := f.browser().get("/login/oauth/authorize?" + tc.query)
		if p.StatusCode != http.StatusBadRequest || p.Request.URL.Path != "/login/oauth/authorize" || !strings.Contains(p.body, tc.want) {
			t.Errorf("%s: %d at %s, body %q", tc.name, p.StatusCode, p.Request.URL.Path, p.body)
		}
	}
	code := f.code()
	for _, tc := range []struct{ name, id, secret string }{
		{"wrong secret", DefaultClientID, "wrong-secret"},
		{"unknown client id", "not-registered", DefaultClientSecret},
	} {
		status, body := f.postJSON("/login/oauth/access_token", map[string]string{"client_id": tc.id, "client_secret": tc.secret, "code": code})
		if status != http.StatusUnauthorized || body["error"] != "invalid_client" {
			t.Errorf("%s: %d %v", tc.name, status, body)
		}
	}

	f = newFixture(t, Options{ClientNotAuthorized: true})
	p := f.browser().get(authorizeQuery(false, "st")) // the redirect to the app is not followed
	loc, _ := url.Parse(p.Header.Get("Location"))
	if p.StatusCode != http.StatusFound || loc.Query().Get("error") != "unauthorized_client" || loc.Query().Get("state") != "st" {
		t.Errorf("authorize for an app that may not: %d, Location %s", p.StatusCode, loc)
	}
	status, body := f.exchange2023("any-code")
	if status != http.StatusBadRequest || body["error"] != "unauthorized_client" {
		t.Errorf("token for an app that may not: %d %v", status, body)
	}
}

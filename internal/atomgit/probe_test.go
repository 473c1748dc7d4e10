package atomgit

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCheckAuthorize(t *testing.T) {
	const redirect = "http://127.0.0.1:8765/callback"
	for _, tc := range []struct {
		name    string
		answer  func(w http.ResponseWriter, r *http.Request)
		ok      bool
		code    string
		message string
	}{
		{"the login page", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/login?next=x", http.StatusFound) }, true, "", ""},
		{"the authorize page", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>Allow?</html>")) }, true, "", ""},
		{"an error page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte("<html><head><title>Error</title><style>body{x:y}</style></head><body><h1>Error</h1><p>The application (client_id) is not registered.</p><script>x()</script></body></html>"))
		}, false, "", "Error The application (client_id) is not registered."},
		{"a redirect back with an error", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, redirect+"?error=unauthorized_client&error_description=not+allowed&state=s", http.StatusFound)
		}, false, "unauthorized_client", "not allowed"},
		{"a redirect back with a code (a server that remembers a consent)", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, redirect+"?code=c&state=s", http.StatusFound)
		}, true, "", ""},
	} {
		ts := httptest.NewServer(http.HandlerFunc(tc.answer))
		c := &Client{Endpoint: Endpoint{AuthorizeURL: ts.URL + "/login/oauth/authorize"}, ClientID: "id", ClientSecret: "the-secret", RedirectURI: redirect}
		err := c.CheckAuthorize(context.Background())
		ts.Close()
		var e *Error
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !tc.ok && (!errors.As(err, &e) || e.Op != "authorize" || e.Code != tc.code || e.Message != tc.message):
			t.Errorf("%s: %#v, want code %q, message %q", tc.name, err, tc.code, tc.message)
		}
	}
	c := &Client{Endpoint: Endpoint{AuthorizeURL: "http://127.0.0.1:1/authorize"}, ClientID: "id"}
	var e *Error
	if err := c.CheckAuthorize(context.Background()); !errors.As(err, &e) || e.StatusCode != 0 || !strings.Contains(e.Message, "could not be reached") {
		t.Errorf("no server: %v", err)
	}
}

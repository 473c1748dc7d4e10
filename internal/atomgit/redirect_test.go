package atomgit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// recorder is a RoundTripper that notes every request before passing it on.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	urls []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.urls = append(r.urls, req.URL.String())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// redirecting is a TLS server whose every answer is a redirect to target(its own URL).
func redirecting(t *testing.T, status int, target func(self string) string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target(srv.URL), status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// elsewhere is a plain http server that fails the test if credentials reach it.
func elsewhere(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		t.Errorf("a redirect was followed to %s: %s %s, Authorization %q, body %q", r.Host, r.Method, r.URL, r.Header.Get("Authorization"), body)
		io.WriteString(w, `{"access_token":"atu_stolen","login":"mallory"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestTokenRequestsFollowNoRedirect: a 307 or 308 would send the client secret and
// the code or refresh token again, to wherever it points; 301–303 would turn the
// request into another one. None is followed, not even within the origin.
func TestTokenRequestsFollowNoRedirect(t *testing.T) {
	other := elsewhere(t)
	targets := map[string]func(self string) string{
		"another origin":    func(string) string { return other.URL + "/steal" },
		"plain http":        func(self string) string { return strings.Replace(self, "https://", "http://", 1) + "/steal" },
		"the same origin":   func(self string) string { return self + "/elsewhere" },
		"a relative target": func(string) string { return "/elsewhere" },
	}
	for name, target := range targets {
		for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
			for _, op := range []string{"exchange", "refresh"} {
				srv := redirecting(t, status, target)
				rec := &recorder{next: srv.Client().Transport}
				c := testClient(srv, StyleJSON)
				c.HTTP = &http.Client{Transport: rec}
				var err error
				if op == "exchange" {
					_, err = c.Exchange(context.Background(), testCode)
				} else {
					_, err = c.Refresh(context.Background(), "refresh_token-1")
				}
				var e *Error
				if !errors.As(err, &e) || e.Op != op || e.StatusCode != status || !strings.Contains(e.Message, "redirect") {
					t.Errorf("%s, %s, %d: err = %v, want an *Error about the redirect", op, name, status, err)
				}
				if IsTemporary(err) || IsInvalidGrant(err) {
					t.Errorf("%s, %s, %d: a refused redirect is temporary %v, invalid grant %v", op, name, status, IsTemporary(err), IsInvalidGrant(err))
				}
				if len(rec.urls) != 1 {
					t.Errorf("%s, %s, %d: requests %v, want only the token URL", op, name, status, rec.urls)
				}
				if c.HTTP.CheckRedirect != nil {
					t.Error("the caller's http.Client was changed")
				}
			}
		}
	}
}

// TestUserRequestsFollowRedirectsOnlyWithinTheOrigin: the access token in the header
// goes nowhere else.
func TestUserRequestsFollowRedirectsOnlyWithinTheOrigin(t *testing.T) {
	other := elsewhere(t)
	for name, target := range map[string]func(self string) string{
		"another origin": func(string) string { return other.URL + "/steal" },
		"plain http":     func(self string) string { return strings.Replace(self, "https://", "http://", 1) + "/steal" },
	} {
		srv := redirecting(t, http.StatusFound, target)
		rec := &recorder{next: srv.Client().Transport}
		c := testClient(srv, StyleJSON)
		c.HTTP = &http.Client{Transport: rec}
		_, err := c.User(context.Background(), "atu_access-1")
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != http.StatusFound || !strings.Contains(e.Message, "redirect") {
			t.Errorf("%s: err = %v, want an *Error about the redirect", name, err)
		}
		if len(rec.urls) != 1 {
			t.Errorf("%s: requests %v, want only the user URL", name, rec.urls)
		}
	}

	// Within the origin, the redirect is followed.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /user", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/user/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /user/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer atu_access-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"id":"1","login":"alice"}`)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	u, err := testClient(srv, StyleJSON).User(context.Background(), "atu_access-1")
	if err != nil || u.Login != "alice" {
		t.Errorf("a same-origin redirect: %+v, %v", u, err)
	}
}

func TestRedirectMessageHoldsNoSecret(t *testing.T) {
	srv := redirecting(t, http.StatusTemporaryRedirect, func(string) string {
		return "https://" + testCode + ".evil.example/" + testSecret + "?code=" + testCode
	})
	_, err := testClient(srv, StyleJSON).Exchange(context.Background(), testCode)
	if err == nil || strings.Contains(err.Error(), testCode) || strings.Contains(err.Error(), testSecret) || !strings.Contains(err.Error(), "evil.example") {
		t.Errorf("err = %v", err)
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"https://api.atomgit.com/x", "https://API.atomgit.com/y", true},
		{"https://api.atomgit.com/x", "https://api.atomgit.com:443/y", true},
		{"https://api.atomgit.com/x", "http://api.atomgit.com/x", false},
		{"https://api.atomgit.com/x", "https://api.atomgit.com:8443/x", false},
		{"https://api.atomgit.com/x", "https://atomgit.com/x", false},
		{"http://127.0.0.1:80/x", "http://127.0.0.1/y", true},
	} {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := sameOrigin(a, b); got != tt.want {
			t.Errorf("sameOrigin(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

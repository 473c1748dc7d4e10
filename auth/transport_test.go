package auth

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"golang.org/x/oauth2"
)

// get fetches url with the session's client and returns the status and body.
func get(t *testing.T, s *Session, url string) (int, string) {
	t.Helper()
	resp, err := s.Client(t.Context()).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// An API call answered 401: the token is reported once (one refresh) and the call sent
// once more, with the new token.
func TestA401IsReportedOnceAndRetriedOnce(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	s := w.signIn()
	before := w.settled()
	w.srv.SetFault(fakeatomgit.RouteUser, fakeatomgit.Fault{Status: http.StatusUnauthorized, Times: 1})
	code, body := get(t, s, w.cfg.UserURL)
	if code != http.StatusOK || !strings.Contains(body, `"login":"demo"`) {
		t.Fatalf("GET after one 401: %d %s", code, body)
	}
	after := w.settled()
	if n := after.Refreshes - before.Refreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	if n := after.UserCalls - before.UserCalls; n != 2 {
		t.Errorf("%d calls, want the one refused and its retry", n)
	}
}

// An API that answers 401 whatever the token: one report, one retry, then its 401.
func TestA401ThatStaysIsNoLoop(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	s := w.signIn()
	before := w.settled()
	w.srv.SetFault(fakeatomgit.RouteUser, fakeatomgit.Fault{Status: http.StatusUnauthorized})
	if code, _ := get(t, s, w.cfg.UserURL); code != http.StatusUnauthorized {
		t.Errorf("GET: %d, want the 401", code)
	}
	after := w.settled()
	if r, c := after.Refreshes-before.Refreshes, after.UserCalls-before.UserCalls; r != 1 || c != 2 {
		t.Errorf("%d refreshes and %d calls, want 1 and 2", r, c)
	}
}

// api is an AtomGit API of the test's: it answers 401 to the first request it gets, and
// then echoes each request's body; it keeps the Authorization of every request.
type api struct {
	mu    sync.Mutex
	auths []string
	*httptest.Server
}

func newAPI(t *testing.T) *api {
	a := &api{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.auths = append(a.auths, r.Header.Get("Authorization"))
		first := len(a.auths) == 1
		a.mu.Unlock()
		if r.URL.Path == "/elsewhere" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		if first {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.Copy(w, r.Body)
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *api) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.auths...)
}

// onlyOnce is a body that can be read once: the request cannot be sent again.
type onlyOnce struct{ io.Reader }

// A request whose body can be sent again is, with its body; one whose body cannot gets
// the 401 as it came, after the report.
func TestARetryOnlyWithABodyThatCanBeSentAgain(t *testing.T) {
	for _, replayable := range []bool{true, false} {
		w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
		a := newAPI(t)
		w.cfg.APIOrigins = []string{a.URL}
		s := w.signIn()
		var body io.Reader = strings.NewReader("the body")
		if !replayable {
			body = onlyOnce{body}
		}
		resp, err := s.Client(t.Context()).Post(a.URL+"/api", "text/plain", body)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case replayable && (resp.StatusCode != 200 || string(got) != "the body" || len(a.seen()) != 2):
			t.Errorf("replayable: %d %q after %d requests", resp.StatusCode, got, len(a.seen()))
		case !replayable && (resp.StatusCode != http.StatusUnauthorized || len(a.seen()) != 1):
			t.Errorf("not replayable: %d after %d requests", resp.StatusCode, len(a.seen()))
		}
		if n := w.settled().Refreshes; n != 1 {
			t.Errorf("replayable %v: %d refreshes, want the report's 1", replayable, n)
		}
		if seen := a.seen(); len(seen) == 2 && (seen[0] == seen[1] || !strings.HasPrefix(seen[1], "Bearer atu_")) {
			t.Errorf("the retry's token: %q", seen)
		}
	}
}

// The token goes to the API's origins only: not to another host a request names, nor to
// one a redirect from the API names.
func TestTheTokenGoesToTheAPIOnly(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a, other := newAPI(t), newAPI(t)
	w.cfg.APIOrigins = []string{a.URL}
	s := w.signIn()
	get(t, s, other.URL+"/direct")
	get(t, s, a.URL+"/elsewhere?to="+other.URL+"/redirected")
	get(t, s, strings.Replace(a.URL, "127.0.0.1", "localhost", 1)+"/another-name")
	for _, auth := range other.seen() {
		if auth != "" {
			t.Errorf("another origin got %q", auth)
		}
	}
	if seen := a.seen(); len(seen) != 2 || !strings.HasPrefix(seen[0], "Bearer atu_") || seen[1] != "" {
		t.Errorf("the API got %q, want the token with the request that named its origin, none with the one that named another", seen)
	}
	if n := len(other.seen()); n != 2 {
		t.Errorf("the other origin got %d requests, want 2", n)
	}
}

// A 401 whose report finds the grant revoked fails the request with that error.
func TestARevokedGrantFailsTheRequest(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	w.srv.RevokeAll()
	_, err := s.Client(t.Context()).Get(w.cfg.UserURL)
	if !errors.Is(err, ErrGrantRevoked) {
		t.Errorf("GET with the grant revoked: %v", err)
	}
}

// The session as an oauth2.TokenSource, and through oauth2's own client.
func TestTokenSource(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	tok, err := s.TokenSource(t.Context()).Token()
	if err != nil || !tok.Valid() || tok.Type() != "Bearer" || !tok.Expiry.Equal(s.Status().ExpiresAt) {
		t.Fatalf("Token: %+v, %v", tok, err)
	}
	resp, err := oauth2.NewClient(t.Context(), s.TokenSource(t.Context())).Get(w.cfg.UserURL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("oauth2's client: %v, %v", resp, err)
	}
	resp.Body.Close()
}

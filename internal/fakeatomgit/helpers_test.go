package fakeatomgit

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const testRedirect = "http://127.0.0.1:8765/callback"

// clock is a controllable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 5, 15, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a Server behind httptest with a fake clock.
type fixture struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	clock *clock
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	c := newClock()
	if opts.Now == nil {
		opts.Now = c.Now
	}
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return &fixture{t: t, srv: s, ts: ts, clock: c}
}

// browser is an http.Client with cookies that follows redirects on the
// fake server and stops at any other host (the app's redirect URI).
type browser struct {
	t    *testing.T
	c    *http.Client
	base *url.URL
}

func (f *fixture) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	base, _ := url.Parse(f.ts.URL)
	return &browser{t: f.t, base: base, c: &http.Client{
		Jar: jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != base.Host {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}}
}

// page is a fetched response with its body read.
type page struct {
	*http.Response
	body string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{resp, string(body)}
}

func (b *browser) get(ref string) page {
	b.t.Helper()
	req, err := http.NewRequest("GET", b.base.ResolveReference(mustURL(b.t, ref)).String(), nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(ref string, form url.Values) page {
	b.t.Helper()
	u := b.base.ResolveReference(mustURL(b.t, ref)).String()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hiddenFields returns a page's hidden form fields.
func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// authorizeQuery builds an authorize URL's path and query for the profile.
func authorizeQuery(current bool, state string) string {
	q := url.Values{"client_id": {DefaultClientID}, "state": {state}, "redirect_uri": {testRedirect}}
	if current {
		q.Set("response_type", "code")
		q.Set("scope", "user_info")
		return "/oauth/authorize?" + q.Encode()
	}
	return "/login/oauth/authorize?" + q.Encode()
}

// signIn walks login form → authorize page → Allow or Deny and returns the
// redirect to the app's callback.
func (b *browser) signIn(authorize, action string) *url.URL {
	b.t.Helper()
	p := b.get(authorize)
	if p.StatusCode != 200 || p.Request.URL.Path != "/login" {
		b.t.Fatalf("authorize without session: got %d %s, want the login page", p.StatusCode, p.Request.URL)
	}
	form := hiddenFields(p.body)
	form.Set("username", DefaultUsername)
	form.Set("password", DefaultPassword)
	p = b.post("/login", form)
	if p.StatusCode != 200 || !strings.Contains(p.body, `value="allow"`) {
		b.t.Fatalf("after login: got %d %s, want the authorize page:\n%s", p.StatusCode, p.Request.URL, p.body)
	}
	return b.decide(p, action)
}

// decide presses Allow or Deny on an authorize page.
func (b *browser) decide(p page, action string) *url.URL {
	b.t.Helper()
	form := hiddenFields(p.body)
	form.Set("action", action)
	res := b.post(p.Request.URL.Path, form)
	if res.StatusCode != http.StatusFound {
		b.t.Fatalf("%s: got %d, want 302:\n%s", action, res.StatusCode, res.body)
	}
	loc, err := res.Location()
	if err != nil {
		b.t.Fatal(err)
	}
	return loc
}

// call sends a token or user request and decodes the JSON answer.
func call(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	var m map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s %s: %d, body is not JSON: %v", req.Method, req.URL, resp.StatusCode, err)
	}
	return resp.StatusCode, m
}

func (f *fixture) postJSON(path string, body map[string]string) (int, map[string]any) {
	f.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	return call(f.t, req)
}

func (f *fixture) postForm(path string, form url.Values) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return call(f.t, req)
}

func (f *fixture) user(path, token string) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return call(f.t, req)
}

// exchange2023 swaps a code on the 2023 token endpoint.
func (f *fixture) exchange2023(code string) (int, map[string]any) {
	f.t.Helper()
	return f.postJSON("/login/oauth/access_token", map[string]string{
		"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "code": code,
	})
}

// code runs a browser sign-in on the 2023 profile and returns the code.
func (f *fixture) code() string {
	f.t.Helper()
	loc := f.browser().signIn(authorizeQuery(false, "s1"), "allow")
	code := loc.Query().Get("code")
	if code == "" {
		f.t.Fatalf("callback %s has no code", loc)
	}
	return code
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func num(t *testing.T, m map[string]any, k string) int64 {
	t.Helper()
	n, ok := m[k].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a number", k, m[k])
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("%s = %s: %v", k, n, err)
	}
	return i
}

package authflow

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseCallback feeds arbitrary query strings to the callback parser: it never panics,
// and it yields a code only for this attempt's state and a non-empty code.
func FuzzParseCallback(f *testing.F) {
	const state = "s3cr3t-state-value-of-enough-length"
	for _, seed := range []string{
		"code=abc&state=" + state,
		"state=" + state,
		"error=access_denied&error_description=nope&state=" + state,
		"code=abc&state=" + state + "&state=other",
		"code=&state=" + state,
		"code=%ff%fe&state=" + state,
		"error=%00%01&state=" + state,
		"code=abc&state=" + state[:10],
		";;&&==",
	} {
		f.Add(seed)
	}
	a := &Attempt{state: state, path: "/callback"}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/callback", nil)
		r.URL.RawQuery = query
		res, err := a.parse(r)
		if err != nil {
			if res.Code != "" {
				t.Fatalf("an error with a code: %v", err)
			}
			if strings.ContainsAny(err.Error(), "\n\r\x00") {
				t.Fatalf("control characters in %q", err)
			}
			return
		}
		q := r.URL.Query()
		if q.Get("state") != state || res.Code == "" || q.Get("error") != "" {
			t.Fatalf("accepted %q", query)
		}
	})
}

// FuzzForeignRequest throws arbitrary requests (method, path, query, Origin) at a pending
// attempt: only a GET on the exact path that carries the attempt's state may end it.
// "STATE" in the query stands for the attempt's state, so the fuzzer can also send it.
func FuzzForeignRequest(f *testing.F) {
	const state = "s3cr3t-state-value-of-enough-length"
	for _, seed := range []struct{ method, path, query, origin string }{
		{"GET", "/callback", "code=c&state=STATE", ""},
		{"GET", "/callback", "error=access_denied&state=STATE", ""},
		{"GET", "/callback", "code=c", "https://evil.example"},
		{"GET", "/callback", "code=c&state=", "null"},
		{"GET", "/callback", "code=c&state=" + state[:10], ""},
		{"GET", "/callback", "error=access_denied&state=nope", ""},
		{"GET", "/callback", "error=access_denied", "https://evil.example"},
		{"GET", "/callback", "", ""},
		{"POST", "/callback", "code=c&state=STATE", "https://evil.example"},
		{"OPTIONS", "/callback", "", "https://evil.example"},
		{"HEAD", "/callback", "code=c&state=STATE", ""},
		{"PUT", "/callback", "code=c&state=STATE", ""},
		{"get", "/callback", "code=c&state=STATE", ""},
		{"GET", "/callback/", "code=c&state=STATE", ""},
		{"GET", "/Callback", "code=c&state=STATE", ""},
		{"GET", "/%63allback", "code=c&state=STATE", ""},
		{"GET", "//callback", "code=c&state=STATE", ""},
		{"GET", "/callback", "state=STATE&state=other&code=c", ""},
		{"GET", "/callback", "state=other&state=STATE&code=c", ""},
		{"GET", "/callback", "code=c;state=STATE", ""},
		{"GET", "/callback", "code=c&STATE=STATE", ""},
	} {
		f.Add(seed.method, seed.path, seed.query, seed.origin)
	}
	f.Fuzz(func(t *testing.T, method, path, query, origin string) {
		u, err := url.Parse(path)
		if err != nil || u.Scheme != "" || u.Host != "" || u.RawQuery != "" {
			return
		}
		u.RawQuery = strings.ReplaceAll(query, "STATE", state)
		a := &Attempt{state: state, path: "/callback", done: make(chan struct{}), srv: &http.Server{}}
		r := &http.Request{Method: method, URL: u, Header: http.Header{}, Host: "127.0.0.1", RemoteAddr: "127.0.0.1:1"}
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		a.ServeHTTP(httptest.NewRecorder(), r)
		select {
		case <-a.Done():
		default:
			return // still pending
		}
		if method != "GET" || u.EscapedPath() != "/callback" || u.Query().Get("state") != state {
			t.Fatalf("%s %s ended the attempt", method, u)
		}
	})
}

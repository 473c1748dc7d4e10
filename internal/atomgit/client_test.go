package atomgit

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testID     = "app-id-123"
	testSecret = "s3cr3t-CLIENT-secret"
	testCode   = "code-9f8e7d6c"
	testRedir  = "http://127.0.0.1:8765/callback"
)

// stub is one expected request and its canned answer.
type stub struct {
	method     string
	path       string
	header     map[string]string // expected request headers
	jsonBody   map[string]any    // expected JSON body, exactly
	formBody   url.Values        // expected form body, exactly
	status     int
	respHeader map[string]string
	respBody   string
}

// serve starts a server that checks each request against s and fails the
// test if it is never called.
func serve(t *testing.T, s stub) *httptest.Server {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if got, want := r.Method, s.method; got != want {
			t.Errorf("method = %s, want %s", got, want)
		}
		if got, want := r.URL.Path, s.path; got != want {
			t.Errorf("path = %s, want %s", got, want)
		}
		for k, want := range s.header {
			if got := r.Header.Get(k); got != want {
				t.Errorf("header %s = %q, want %q", k, got, want)
			}
		}
		body, _ := io.ReadAll(r.Body)
		switch {
		case s.jsonBody != nil:
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Errorf("body %q is not JSON: %v", body, err)
			}
			if !reflect.DeepEqual(got, s.jsonBody) {
				t.Errorf("JSON body = %v, want %v", got, s.jsonBody)
			}
		case s.formBody != nil:
			got, err := url.ParseQuery(string(body))
			if err != nil || !reflect.DeepEqual(got, s.formBody) {
				t.Errorf("form body = %v (%v), want %v", got, err, s.formBody)
			}
		case len(body) != 0 && r.Method == http.MethodGet:
			t.Errorf("unexpected body %q", body)
		}
		for k, v := range s.respHeader {
			w.Header().Set(k, v)
		}
		if s.status != 0 {
			w.WriteHeader(s.status)
		}
		io.WriteString(w, s.respBody)
	}))
	t.Cleanup(func() {
		srv.Close()
		if calls.Load() == 0 {
			t.Error("the stub server was never called")
		}
	})
	return srv
}

func testClient(srv *httptest.Server, style RequestStyle) *Client {
	return &Client{
		Endpoint: Endpoint{
			AuthorizeURL: srv.URL + "/login/oauth/authorize",
			TokenURL:     srv.URL + "/token",
			UserURL:      srv.URL + "/user",
			Style:        style,
		},
		ClientID:     testID,
		ClientSecret: testSecret,
		RedirectURI:  testRedir,
		HTTP:         srv.Client(),
		Now:          func() time.Time { return testNow },
	}
}

var (
	jsonHeaders = map[string]string{"Content-Type": "application/json", "Accept": "application/json"}
	formHeaders = map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
)

func TestExchangeAndRefresh(t *testing.T) {
	tests := []struct {
		name    string
		style   RequestStyle
		refresh bool
		req     stub
		want    Token
	}{
		{
			name: "JSON exchange", style: StyleJSON,
			req: stub{header: jsonHeaders,
				jsonBody: map[string]any{"client_id": testID, "client_secret": testSecret, "code": testCode},
				respBody: `{"access_token":"atu_1","expires_in":1684166156606,"refresh_token":"refresh_1","refresh_token_expires_in":1700064156606}`},
			want: Token{AccessToken: "atu_1", RefreshToken: "refresh_1", Expiry: time.UnixMilli(1684166156606), RefreshExpiry: time.UnixMilli(1700064156606)},
		},
		{
			name: "empty style is JSON", style: "",
			req: stub{header: jsonHeaders,
				jsonBody: map[string]any{"client_id": testID, "client_secret": testSecret, "code": testCode},
				respBody: `{"access_token":"atu_1"}`},
			want: assumed("atu_1"),
		},
		{
			name: "JSON refresh, same refresh token returned", style: StyleJSON, refresh: true,
			req: stub{header: jsonHeaders,
				jsonBody: map[string]any{"client_id": testID, "client_secret": testSecret, "grant_type": "refresh_token", "refresh_token": "refresh_old"},
				respBody: `{"access_token":"atu_2","expires_in":"1684166156606","refresh_token":"refresh_old"}`},
			want: Token{AccessToken: "atu_2", RefreshToken: "refresh_old", Expiry: time.UnixMilli(1684166156606)},
		},
		{
			name: "form exchange", style: StyleForm,
			req: stub{header: formHeaders,
				formBody: url.Values{"grant_type": {"authorization_code"}, "code": {testCode}, "client_id": {testID},
					"client_secret": {testSecret}, "redirect_uri": {testRedir}},
				respBody: `{"access_token":"a3","token_type":"bearer","expires_in":1296000,"refresh_token":"r3","scope":"all","created_at":"2026-05-01T20:00:00+08:00"}`},
			want: Token{AccessToken: "a3", RefreshToken: "r3", Expiry: testNow.Add(1296000 * time.Second)},
		},
		{
			name: "form refresh, the answer as it is (no refresh token)", style: StyleForm, refresh: true,
			req: stub{header: formHeaders,
				formBody: url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"refresh_old"},
					"client_id": {testID}, "client_secret": {testSecret}},
				respBody: `{"access_token":"a4","expires_in":7200}`},
			want: Token{AccessToken: "a4", Expiry: testNow.Add(2 * time.Hour)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.method, tt.req.path = http.MethodPost, "/token"
			srv := serve(t, tt.req)
			c := testClient(srv, tt.style)
			var got *Token
			var err error
			if tt.refresh {
				got, err = c.Refresh(context.Background(), "refresh_old")
			} else {
				got, err = c.Exchange(context.Background(), testCode)
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !tokensEqual(*got, tt.want) {
				t.Errorf("token = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestUser(t *testing.T) {
	srv := serve(t, stub{method: http.MethodGet, path: "/user",
		header:   map[string]string{"Authorization": "Bearer atu_tok", "Accept": "application/json"},
		respBody: `{"id":"63dbf2bc1ee2a43f4e6c2c0d","login":"alice","name":"Alice","email":""}`})
	got, err := testClient(srv, StyleJSON).User(context.Background(), "atu_tok")
	if err != nil {
		t.Fatal(err)
	}
	if want := (User{ID: "63dbf2bc1ee2a43f4e6c2c0d", Login: "alice", Name: "Alice"}); *got != want {
		t.Errorf("User = %+v, want %+v", *got, want)
	}
}

func TestUserUnauthorized(t *testing.T) {
	srv := serve(t, stub{method: http.MethodGet, path: "/user", status: 401, respBody: `{"message":"401 Unauthorized"}`})
	_, err := testClient(srv, StyleJSON).User(context.Background(), "atu_tok")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if e.StatusCode != 401 || e.Op != "user" || e.Message != "401 Unauthorized" {
		t.Errorf("Error = %+v", e)
	}
	if IsTemporary(err) || IsInvalidGrant(err) {
		t.Errorf("IsTemporary, IsInvalidGrant = %v, %v; want false, false", IsTemporary(err), IsInvalidGrant(err))
	}
}

func TestAuthorizeURL(t *testing.T) {
	tests := []struct {
		name     string
		endpoint Endpoint
		redirect string
		want     string
	}{
		{"2023", Endpoint2023, testRedir,
			"https://atomgit.com/login/oauth/authorize?client_id=app-id-123&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&state=st-1"},
		{"current with scopes", func() Endpoint { e := EndpointCurrent; e.Scopes = []string{"user_info", "projects"}; return e }(), "",
			"https://atomgit.com/oauth/authorize?client_id=app-id-123&response_type=code&scope=user_info+projects&state=st-1"},
		{"existing query kept", Endpoint{AuthorizeURL: "https://x.example/auth?lang=en"}, "",
			"https://x.example/auth?client_id=app-id-123&lang=en&state=st-1"},
	}
	for _, tt := range tests {
		c := &Client{Endpoint: tt.endpoint, ClientID: testID, ClientSecret: testSecret, RedirectURI: tt.redirect}
		if got := c.AuthorizeURL("st-1"); got != tt.want {
			t.Errorf("%s: AuthorizeURL = %q, want %q", tt.name, got, tt.want)
		}
		if got := c.AuthorizeURL("st-1"); strings.Contains(got, testSecret) {
			t.Errorf("%s: AuthorizeURL carries the client secret", tt.name)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		header        map[string]string
		body          string
		wantCode      string
		wantMessage   string
		wantRetry     time.Duration
		wantInvalid   bool
		wantTemporary bool
	}{
		{name: "OAuth invalid_grant", status: 400, body: `{"error":"invalid_grant","error_description":"The code has expired."}`,
			wantCode: "invalid_grant", wantMessage: "The code has expired.", wantInvalid: true},
		{name: "GitCode BAD_REQUEST", status: 400, body: `{"error_code":400,"error_code_name":"BAD_REQUEST","error_message":"bad code","trace_id":"t"}`,
			wantCode: "BAD_REQUEST", wantMessage: "bad code", wantInvalid: true},
		{name: "message 401", status: 401, body: `{"message":"401 Unauthorized"}`, wantMessage: "401 Unauthorized", wantInvalid: true},
		{name: "empty 403", status: 403, wantMessage: "access was refused", wantInvalid: true},
		{name: "200 with error", status: 200, body: `{"error":"invalid_request","error_message":"code used"}`,
			wantCode: "invalid_request", wantMessage: "code used", wantInvalid: true},
		{name: "HTML 502", status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
			wantMessage: "the server answered with a web page instead of JSON", wantTemporary: true},
		{name: "HTML 200", status: 200, body: "<!doctype html><title>Sign in</title>",
			wantMessage: "the server answered with a web page instead of JSON", wantTemporary: true},
		{name: "invalid JSON 200", status: 200, body: `{"access_token":`,
			wantMessage: "the token answer could not be read", wantTemporary: true},
		{name: "missing access_token", status: 200, body: `{"token_type":"bearer"}`,
			wantMessage: "the token answer has no access token", wantTemporary: true},
		{name: "429 seconds", status: 429, header: map[string]string{"Retry-After": "30"},
			wantMessage: "too many requests; try again later", wantRetry: 30 * time.Second, wantTemporary: true},
		{name: "503 date", status: 503, header: map[string]string{"Retry-After": testNow.Add(2 * time.Minute).Format(http.TimeFormat)},
			body: `{"error":"temporarily_unavailable"}`, wantCode: "temporarily_unavailable",
			wantMessage: "the server is temporarily unavailable", wantRetry: 2 * time.Minute, wantTemporary: true},
		{name: "403 rate limit", status: 403, header: map[string]string{"X-RateLimit-Remaining": "0", "Retry-After": "60"},
			body: `{"message":"API rate limit exceeded"}`, wantMessage: "API rate limit exceeded", wantRetry: time.Minute, wantTemporary: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, stub{method: http.MethodPost, path: "/token", status: tt.status, respHeader: tt.header, respBody: tt.body})
			_, err := testClient(srv, StyleJSON).Refresh(context.Background(), "refresh_old")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Op != "refresh" || e.StatusCode != tt.status {
				t.Errorf("Op, StatusCode = %q, %d; want refresh, %d", e.Op, e.StatusCode, tt.status)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("Code = %q, want %q", got, want)
			}
			if got, want := e.Message, tt.wantMessage; got != want {
				t.Errorf("Message = %q, want %q", got, want)
			}
			if got, want := e.RetryAfter, tt.wantRetry; got != want {
				t.Errorf("RetryAfter = %v, want %v", got, want)
			}
			if got, want := IsInvalidGrant(err), tt.wantInvalid; got != want {
				t.Errorf("IsInvalidGrant = %v, want %v", got, want)
			}
			if got, want := IsTemporary(err), tt.wantTemporary; got != want {
				t.Errorf("IsTemporary = %v, want %v", got, want)
			}
		})
	}
}

func TestHugeBody(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !chunked {
				w.Header().Set("Content-Length", "10485760")
			}
			chunk := []byte(`{"access_token":"` + strings.Repeat("a", 1<<16))
			for i := 0; i < 160; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}))
		_, err := testClient(srv, StyleJSON).Exchange(context.Background(), testCode)
		srv.Close()
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) || !IsTemporary(err) {
			t.Fatalf("chunked=%v: err = %v, want a temporary malformed *Error", chunked, err)
		}
		if got, want := e.Message, "the server's answer is larger than 1 MiB"; got != want {
			t.Errorf("Message = %q, want %q", got, want)
		}
	}
}

func TestTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // lets the server notice the client going away
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := testClient(srv, StyleForm).Exchange(ctx, testCode)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if e.StatusCode != 0 || !errors.Is(err, context.DeadlineExceeded) || !IsTemporary(err) || IsInvalidGrant(err) {
		t.Errorf("err = %v (status %d), want a temporary timeout", err, e.StatusCode)
	}
	if got, want := e.Message, "the server did not answer in time"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	c := testClient(srv, StyleJSON)
	srv.Close()
	_, err := c.Refresh(context.Background(), "refresh_old")
	if !IsTemporary(err) || IsInvalidGrant(err) {
		t.Errorf("err = %v: IsTemporary, IsInvalidGrant = %v, %v; want true, false", err, IsTemporary(err), IsInvalidGrant(err))
	}
}

func TestBadEndpoint(t *testing.T) {
	for _, ep := range []Endpoint{{TokenURL: ""}, {TokenURL: "atomgit.com/token"}, {TokenURL: "https://x.example/t", Style: "xml"}} {
		c := &Client{Endpoint: ep, ClientSecret: testSecret}
		_, err := c.Exchange(context.Background(), testCode)
		if err == nil || IsTemporary(err) || IsInvalidGrant(err) {
			t.Errorf("%+v: err = %v, want a permanent configuration error", ep, err)
		}
	}
}

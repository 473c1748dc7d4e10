package atomgit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func TestParseToken(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Token
	}{
		{
			name: "2023 API, epoch milliseconds",
			body: `{"access_token":"atu_abc","expires_in":1684166156606,"refresh_token":"refresh_def","refresh_token_expires_in":1700064156606}`,
			want: Token{AccessToken: "atu_abc", RefreshToken: "refresh_def",
				Expiry: time.UnixMilli(1684166156606), RefreshExpiry: time.UnixMilli(1700064156606)},
		},
		{
			name: "current API, seconds and extra fields",
			body: `{"access_token":"a1","token_type":"bearer","expires_in":1296000,"refresh_token":"r1","scope":"user_info","created_at":"2026-05-01T12:00:00.000+08:00"}`,
			want: Token{AccessToken: "a1", RefreshToken: "r1", Expiry: testNow.Add(1296000 * time.Second)},
		},
		{
			name: "numeric strings",
			body: `{"access_token":"a","expires_in":"3600","refresh_token_expires_in":" 1700064156606 "}`,
			want: Token{AccessToken: "a", Expiry: testNow.Add(time.Hour), RefreshExpiry: time.UnixMilli(1700064156606)},
		},
		{
			name: "fractional seconds",
			body: `{"access_token":"a","expires_in":1.5}`,
			want: Token{AccessToken: "a", Expiry: testNow.Add(1500 * time.Millisecond)},
		},
		{name: "expires_in missing", body: `{"access_token":"a"}`, want: assumed("a")},
		{name: "expires_in zero", body: `{"access_token":"a","expires_in":0}`, want: assumed("a")},
		{name: "expires_in null", body: `{"access_token":"a","expires_in":null}`, want: assumed("a")},
		{name: "expires_in negative", body: `{"access_token":"a","expires_in":-5}`, want: assumed("a")},
		{name: "expires_in absurd seconds", body: `{"access_token":"a","expires_in":99999999999}`, want: assumed("a")},
		{name: "expires_in absurd", body: `{"access_token":"a","expires_in":1e300}`, want: assumed("a")},
		{name: "expires_in overflow", body: `{"access_token":"a","expires_in":1e400}`, want: assumed("a")},
		{name: "expires_in text", body: `{"access_token":"a","expires_in":"soon"}`, want: assumed("a")},
		{name: "expires_in bool", body: `{"access_token":"a","expires_in":true}`, want: assumed("a")},
		{name: "empty error is no error", body: `{"access_token":"a","error":"","expires_in":60}`,
			want: Token{AccessToken: "a", Expiry: testNow.Add(time.Minute)}},
		{name: "byte order mark and space", body: "\uFEFF \n{\"access_token\":\"a\",\"expires_in\":60}\n",
			want: Token{AccessToken: "a", Expiry: testNow.Add(time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseToken([]byte(tt.body), testNow)
			if err != nil {
				t.Fatalf("ParseToken: %v", err)
			}
			if !tokensEqual(*got, tt.want) {
				t.Errorf("ParseToken = %+v, want %+v", *got, tt.want)
			}
			if !got.Valid(testNow) && got.Expiry.After(testNow) {
				t.Errorf("Valid(now) = false for an unexpired token")
			}
		})
	}
}

func assumed(access string) Token {
	return Token{AccessToken: access, Expiry: testNow.Add(8 * time.Hour), ExpiryAssumed: true}
}

func tokensEqual(a, b Token) bool {
	return a.AccessToken == b.AccessToken && a.RefreshToken == b.RefreshToken &&
		a.Expiry.Equal(b.Expiry) && a.RefreshExpiry.Equal(b.RefreshExpiry) && a.ExpiryAssumed == b.ExpiryAssumed
}

func TestParseTokenErrors(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		wantCode    string
		wantMessage string
		malformed   bool
	}{
		{name: "OAuth error", body: `{"error":"invalid_grant","error_description":"The code has expired."}`,
			wantCode: "invalid_grant", wantMessage: "The code has expired."},
		{name: "OAuth error without description", body: `{"error":"invalid_grant"}`,
			wantCode: "invalid_grant", wantMessage: "the sign-in code or refresh token was refused"},
		{name: "error beside a token", body: `{"access_token":"a","error":"access_denied"}`,
			wantCode: "access_denied", wantMessage: "access was denied"},
		{name: "GitCode error", body: `{"error_code":400,"error_code_name":"BAD_REQUEST","error_message":"code is invalid","trace_id":"x1"}`,
			wantCode: "BAD_REQUEST", wantMessage: "code is invalid"},
		{name: "message only", body: `{"message":"401 Unauthorized"}`, wantMessage: "401 Unauthorized"},
		{name: "missing access_token", body: `{"refresh_token":"r","expires_in":60}`,
			wantMessage: "the token answer has no access token", malformed: true},
		{name: "empty access_token", body: `{"access_token":"","expires_in":60}`,
			wantMessage: "the token answer has no access token", malformed: true},
		{name: "null access_token", body: `{"access_token":null}`,
			wantMessage: "the token answer has no access token", malformed: true},
		{name: "HTML page", body: "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
			wantMessage: "the server answered with a web page instead of JSON", malformed: true},
		{name: "invalid JSON", body: `{"access_token":"a",`, wantMessage: "the token answer could not be read", malformed: true},
		{name: "wrong type", body: `{"access_token":{"v":1}}`, wantMessage: "the token answer has no access token", malformed: true},
		{name: "JSON array", body: `[{"access_token":"a"}]`, wantMessage: "the server answered with unexpected JSON", malformed: true},
		{name: "plain text", body: "Service Unavailable", wantMessage: "the server answered with something other than JSON", malformed: true},
		{name: "empty", body: " ", wantMessage: "the server sent an empty answer", malformed: true},
		{name: "control characters and tags", body: `{"error":"x","error_description":"bad\u0000 <b>code</b>\n\tnow\u202e"}`,
			wantCode: "x", wantMessage: "bad code now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := ParseToken([]byte(tt.body), testNow)
			if tok != nil {
				t.Errorf("ParseToken returned a token %+v with the error", tok)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseToken error = %v, want *Error", err)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("Code = %q, want %q", got, want)
			}
			if got, want := e.Message, tt.wantMessage; got != want {
				t.Errorf("Message = %q, want %q", got, want)
			}
			if got, want := errors.Is(err, ErrMalformed), tt.malformed; got != want {
				t.Errorf("errors.Is(err, ErrMalformed) = %v, want %v", got, want)
			}
			if got, want := IsTemporary(err), tt.malformed; got != want {
				t.Errorf("IsTemporary = %v, want %v", got, want)
			}
			if e.Op != "token" || e.StatusCode != 200 || !strings.HasPrefix(err.Error(), "atomgit: ") {
				t.Errorf("Op, StatusCode, Error() = %q, %d, %q", e.Op, e.StatusCode, err.Error())
			}
		})
	}
}

func TestParseTokenLongMessage(t *testing.T) {
	body, _ := json.Marshal(map[string]string{"error": "invalid_grant", "error_description": strings.Repeat("é", 5000)})
	_, err := ParseToken(body, testNow)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	if n := len([]rune(e.Message)); n > 201 {
		t.Errorf("message has %d runes, want at most 201", n)
	}
}

func TestTokenValid(t *testing.T) {
	tests := []struct {
		name string
		tok  *Token
		want bool
	}{
		{"nil", nil, false},
		{"zero", &Token{}, false},
		{"no access token", &Token{Expiry: testNow.Add(time.Hour)}, false},
		{"unexpired", &Token{AccessToken: "a", Expiry: testNow.Add(time.Second)}, true},
		{"expires now", &Token{AccessToken: "a", Expiry: testNow}, false},
		{"expired", &Token{AccessToken: "a", Expiry: testNow.Add(-time.Second)}, false},
	}
	for _, tt := range tests {
		if got := tt.tok.Valid(testNow); got != tt.want {
			t.Errorf("%s: Valid = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTokenJSONRoundTrip(t *testing.T) {
	in := Token{AccessToken: "a", RefreshToken: "r", Expiry: testNow, ExpiryAssumed: true}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"access_token":"a","refresh_token":"r","expiry":"2026-05-01T12:00:00Z","expiry_assumed":true}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var out Token
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !tokensEqual(in, out) {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
}

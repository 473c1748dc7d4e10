package atomgit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestClassification(t *testing.T) {
	netErr := errors.New("dial tcp: connection refused")
	tests := []struct {
		name          string
		err           error
		wantInvalid   bool
		wantTemporary bool
	}{
		{"nil", nil, false, false},
		{"not ours", errors.New("boom"), false, false},
		{"network", &Error{Op: "refresh", Err: netErr}, false, true},
		{"timeout", &Error{Op: "exchange", Err: context.DeadlineExceeded}, false, true},
		{"bad endpoint", &Error{Op: "refresh", Err: fmt.Errorf("%w: x", errBadEndpoint)}, false, false},
		{"invalid_grant 400", &Error{Op: "refresh", StatusCode: 400, Code: "invalid_grant"}, true, false},
		{"401 without code", &Error{Op: "exchange", StatusCode: 401}, true, false},
		{"403 without code", &Error{Op: "refresh", StatusCode: 403}, true, false},
		{"403 rate limited", &Error{Op: "refresh", StatusCode: 403, RateLimited: true}, false, true},
		{"404", &Error{Op: "refresh", StatusCode: 404}, false, false},
		{"HTML 400", &Error{Op: "exchange", StatusCode: 400, Err: &malformed{}}, true, false},
		{"invalid_grant in a 200", &Error{Op: "refresh", StatusCode: 200, Code: "invalid_grant"}, true, false},
		{"BAD_REQUEST in a 200", &Error{Op: "exchange", StatusCode: 200, Code: "BAD_REQUEST"}, true, false},
		{"invalid_request from ParseToken", &Error{Op: "token", StatusCode: 200, Code: "invalid_request"}, true, false},
		{"server_error in a 200", &Error{Op: "refresh", StatusCode: 200, Code: "server_error"}, false, true},
		{"unknown code in a 200", &Error{Op: "refresh", StatusCode: 200, Code: "weird"}, false, false},
		{"garbage 200", &Error{Op: "refresh", StatusCode: 200, Err: &malformed{}}, false, true},
		{"500", &Error{Op: "refresh", StatusCode: 500, Code: "invalid_grant"}, false, true},
		{"502 page", &Error{Op: "exchange", StatusCode: 502, Err: &malformed{}}, false, true},
		{"503", &Error{Op: "refresh", StatusCode: 503}, false, true},
		{"429", &Error{Op: "refresh", StatusCode: 429}, false, true},
		{"408", &Error{Op: "refresh", StatusCode: 408}, false, true},
		{"user 401", &Error{Op: "user", StatusCode: 401}, false, false},
		{"wrapped", fmt.Errorf("session: %w", &Error{Op: "refresh", StatusCode: 400}), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := IsInvalidGrant(tt.err), tt.wantInvalid; got != want {
				t.Errorf("IsInvalidGrant = %v, want %v", got, want)
			}
			if got, want := IsTemporary(tt.err), tt.wantTemporary; got != want {
				t.Errorf("IsTemporary = %v, want %v", got, want)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{}, "atomgit: the request failed"},
		{&Error{Op: "refresh", StatusCode: 400, Code: "invalid_grant", Message: "the sign-in code or refresh token was refused"},
			"atomgit: refresh: the sign-in code or refresh token was refused (invalid_grant, HTTP 400)"},
		{&Error{Op: "exchange", StatusCode: 502, Message: "the server answered with a web page instead of JSON", Err: &malformed{}},
			"atomgit: exchange: the server answered with a web page instead of JSON (HTTP 502)"},
		{&Error{Op: "user", Code: "x", Message: "x happened"}, "atomgit: user: x happened"},
		{&Error{Op: "user", Message: "the server could not be reached", Err: errors.New("dial tcp: refused")},
			"atomgit: user: the server could not be reached: dial tcp: refused"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 5 ", 5 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"99999999999999", 24 * time.Hour},
		{testNow.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{testNow.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"tomorrow", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header, testNow); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  a\r\n\tb  ", "a b"},
		{"<p>Hello <b>world</b></p>", "Hello world"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"bell\a nul\x00 bad\xff utf8", "bell nul bad utf8"},
		{"abcdef", "abc…"},
	}
	for _, tt := range tests {
		max := 200
		if tt.in == "abcdef" {
			max = 3
		}
		if got := sanitize(tt.in, max); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

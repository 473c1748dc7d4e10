package atomgit

import (
	"encoding/json"
	"errors"
	"html"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenSeeds are realistic token endpoint answers; the fuzz seeds and the
// benchmark use them.
var tokenSeeds = []string{
	`{"access_token":"atu_5dd8e7f4c2a14b7c9e6b","expires_in":1684166156606,"refresh_token":"refresh_0ab1c2d3e4f5","refresh_token_expires_in":1700064156606}`,
	`{"access_token":"a1b2c3","token_type":"bearer","expires_in":1296000,"refresh_token":"r1","scope":"user_info projects","created_at":"2026-05-01T12:00:00.000+08:00"}`,
	`{"access_token":"a","expires_in":"3600","refresh_token_expires_in":"15897600"}`,
	`{"access_token":"a"}`,
	`{"error":"invalid_grant","error_description":"The provided authorization grant is invalid."}`,
	`{"error_code":400,"error_code_name":"BAD_REQUEST","error_message":"code is invalid","trace_id":"d41d8cd9"}`,
	`{"message":"401 Unauthorized"}`,
	`<html><body><h1>502 Bad Gateway</h1></body></html>`,
	`{"access_token":"a","expires_in":-1e308}`,
	`{"access_token":"","refresh_token":"rt_secret-XYZ","error":"bad r&#116;_secret-XYZ, rt&lowbar;secret&#45;XYZ"}`,
	"\uFEFF{\"access_token\":\"\\u0000\",\"expires_in\":1e11}",
	`[]`,
	``,
}

func FuzzParseToken(f *testing.F) {
	for _, s := range tokenSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tok, err := ParseToken(body, testNow)
		if err != nil {
			if tok != nil {
				t.Fatalf("ParseToken returned a token and an error")
			}
			checkError(t, err)
			checkNoTokenIn(t, err, body)
			return
		}
		if tok.AccessToken == "" {
			t.Fatalf("ParseToken succeeded without an access token")
		}
		if !validTokenChars(tok.AccessToken) || !validTokenChars(tok.RefreshToken) {
			t.Fatalf("ParseToken accepted a token with characters outside printable ASCII: %q, %q", tok.AccessToken, tok.RefreshToken)
		}
		if tok.Expiry.IsZero() {
			t.Fatalf("ParseToken succeeded with a zero Expiry")
		}
	})
}

func FuzzParseUser(f *testing.F) {
	for _, s := range []string{
		`{"avatar_url":"https://a.example/u.png","bio":"","created_at":"2023-02-02 09:31:24","email":"","html_url":"https://atomgit.com/alice","id":"63dbf2bc1ee2a43f4e6c2c0d","login":"alice","name":"Alice"}`,
		`{"id":1234567,"login":"bob","name":"Bob","email":"bob@example.com","avatar_url":null}`,
		`{"id":1.5e300,"login":"c"}`,
		`{"message":"401 Unauthorized"}`,
		`{"login":""}`,
		`<!doctype html>`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := ParseUser(body)
		if err != nil {
			if u != nil {
				t.Fatalf("ParseUser returned a user and an error")
			}
			checkError(t, err)
			return
		}
		if u.Login == "" {
			t.Fatalf("ParseUser succeeded without a login")
		}
	})
}

// checkError holds every parse error to the rules for error text.
func checkError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if !strings.HasPrefix(err.Error(), "atomgit: ") {
		t.Fatalf("error %q lacks the package prefix", err.Error())
	}
	for _, s := range []string{e.Message, e.Code} {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxMessageRunes+1 {
			t.Fatalf("error text %q is invalid or too long", s)
		}
		if strings.IndexFunc(s, unicode.IsControl) >= 0 {
			t.Fatalf("error text %q has control characters", s)
		}
	}
	if e.Message == "" {
		t.Fatalf("error %v has no message", err)
	}
}

// checkNoTokenIn fails when the error of an answer holds the answer's own tokens, as a
// reader takes the text in: character references decoded, invisible characters gone.
func checkNoTokenIn(t *testing.T, err error, body []byte) {
	t.Helper()
	var raw struct {
		AccessToken  any `json:"access_token"`
		RefreshToken any `json:"refresh_token"`
	}
	if json.Unmarshal(body, &raw) != nil {
		return
	}
	var e *Error
	errors.As(err, &e)
	for _, v := range []any{raw.AccessToken, raw.RefreshToken} {
		secret, ok := v.(string)
		// A token inside the redaction mark, or made partly of it, is no leak.
		if !ok || len(secret) < 4 || strings.Contains("[redacted]", secret) || strings.ContainsAny(secret, "[]") {
			continue
		}
		for _, text := range []string{err.Error(), e.Message, e.Code} {
			seen := strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
					return -1
				}
				return r
			}, html.UnescapeString(text))
			if strings.Contains(seen, secret) {
				t.Fatalf("the error %q holds the answer's token %q", text, secret)
			}
		}
	}
}

func BenchmarkParseToken(b *testing.B) {
	bodies := [][]byte{[]byte(tokenSeeds[0]), []byte(tokenSeeds[1])}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseToken(bodies[i%2], testNow); err != nil {
			b.Fatal(err)
		}
	}
}

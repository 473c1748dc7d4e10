package atomgit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestParseTokenRefusesHostileTokens: a token may hold only printable ASCII
// without spaces; anything else could inject lines into git's credential
// answer or escapes into a terminal. The error names the field, never the
// token.
func TestParseTokenRefusesHostileTokens(t *testing.T) {
	bad := map[string]string{
		"newline":   "atu_ok\nhost=evil.example",
		"CR":        "atu_ok\rx",
		"space":     "atu_ok and_more",
		"tab":       "atu_ok\tx",
		"NUL":       "atu_ok\x00x",
		"ESC":       "atu_ok\x1b[31m",
		"DEL":       "atu_ok\x7f",
		"non-ASCII": "atu_ökay",
		"C1":        "atu_ok\u009bx",
	}
	for name, v := range bad {
		for _, field := range []string{"access_token", "refresh_token"} {
			t.Run(name+" in "+field, func(t *testing.T) {
				fields := map[string]string{"access_token": "atu_good", "refresh_token": "refresh_good", field: v}
				body, _ := json.Marshal(fields)
				tok, err := ParseToken(body, testNow)
				if tok != nil {
					t.Fatalf("ParseToken accepted %q in %s: %+v", v, field, tok)
				}
				var e *Error
				if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want a malformed *Error", err)
				}
				if !strings.Contains(e.Message, field) {
					t.Errorf("message %q does not name %s", e.Message, field)
				}
				if strings.Contains(err.Error(), "atu_ok") || strings.Contains(err.Error(), "good") {
					t.Errorf("error %q repeats a token", err.Error())
				}
			})
		}
	}
}

func TestParseTokenAcceptsEveryTokenCharacter(t *testing.T) {
	var all strings.Builder
	for c := byte(0x21); c <= 0x7e; c++ {
		all.WriteByte(c)
	}
	body, _ := json.Marshal(map[string]string{"access_token": all.String(), "refresh_token": all.String()})
	tok, err := ParseToken(body, testNow)
	if err != nil || tok.AccessToken != all.String() || tok.RefreshToken != all.String() {
		t.Fatalf("ParseToken = %+v, %v", tok, err)
	}
}

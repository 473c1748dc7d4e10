package atomgit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"unicode"
)

// TestSecretsSplitByTagsAreRedacted: a hostile server echoes what the client sent with
// tags (or characters that are dropped from messages) inside it. Once those are
// stripped the secret is whole again, or whole but for a space, so it must be
// redacted after the stripping.
func TestSecretsSplitByTagsAreRedacted(t *testing.T) {
	for _, split := range []string{"<b></b>", "<span class=x>", "</i>", "<!-- x -->", "\u200b", "\x00", "\u202e"} {
		checkEchoRedacted(t, fmt.Sprintf("split by %q", split), func(secret string) string {
			mid := len(secret) / 2
			return secret[:mid] + split + secret[mid:]
		})
	}
}

// TestEntityEncodedSecretsAreRedacted: the server echoes a secret with one of its
// characters written as an HTML character reference (numeric or named, or encoded
// twice), or with a named reference to an invisible character inside it. A reader (or a
// page) decodes them, so the secret must be redacted after decoding too.
func TestEntityEncodedSecretsAreRedacted(t *testing.T) {
	at := func(secret string, ref func(c byte) string) string {
		mid := len(secret) / 2
		return secret[:mid] + ref(secret[mid]) + secret[mid+1:]
	}
	encodings := []struct {
		name string
		f    func(string) string
	}{
		{"decimal", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&#%d;", c) }) }},
		{"hexadecimal", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&#x%x;", c) }) }},
		{"upper-case hexadecimal", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&#X%X;", c) }) }},
		{"decimal without ;", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&#%d", c) }) + " " }},
		{"zero-padded", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&#0000%d;", c) }) }},
		{"encoded twice", func(s string) string { return at(s, func(c byte) string { return fmt.Sprintf("&amp;#%d;", c) }) }},
		{"named, invisible", func(s string) string { return s[:3] + "&shy;" + s[3:] }},
		{"named, invisible, no ;", func(s string) string { return s[:3] + "&shy" + s[3:] }},
		{"named, zero width", func(s string) string { return s[:3] + "&ZeroWidthSpace;" + s[3:] }},
		{"every character", func(s string) string {
			var b strings.Builder
			for i := range len(s) {
				fmt.Fprintf(&b, "&#%d;", s[i])
			}
			return b.String()
		}},
	}
	for _, enc := range encodings {
		checkEchoRedacted(t, enc.name, enc.f)
	}
	// "_" has a name of its own: the two tokens have one.
	named := func(s string) string { return strings.Replace(s, "_", "&lowbar;", 1) }
	checkEchoRedacted(t, "named", named)
	checkEchoRedacted(t, "named, in a tag's stead", func(s string) string { return "<b>" + named(s) + "</b>" })
}

// checkEchoRedacted makes a hostile server answer each call with an error that echoes
// the call's secret as mangle writes it, and fails the test when any text of the error
// holds the secret (or the secret but for spaces).
func checkEchoRedacted(t *testing.T, how string, mangle func(secret string) string) {
	t.Helper()
	const access, refresh = "atu_ACCESS-token-1", "refresh_REFRESH-token-1"
	calls := []struct {
		name   string
		secret string
		path   string
		do     func(*Client) error
	}{
		{"exchange: client secret", testSecret, "/token", func(c *Client) error { _, err := c.Exchange(context.Background(), testCode); return err }},
		{"exchange: code", testCode, "/token", func(c *Client) error { _, err := c.Exchange(context.Background(), testCode); return err }},
		{"refresh: refresh token", refresh, "/token", func(c *Client) error { _, err := c.Refresh(context.Background(), refresh); return err }},
		{"user: access token", access, "/user", func(c *Client) error { _, err := c.User(context.Background(), access); return err }},
	}
	for _, cl := range calls {
		if how == "named" && !strings.Contains(cl.secret, "_") {
			continue
		}
		for _, field := range []string{"error_description", "error"} {
			for _, status := range []int{200, 400} {
				echoed := "you sent " + mangle(cl.secret) + " which is wrong"
				body, _ := json.Marshal(map[string]string{field: echoed})
				method := http.MethodPost
				if cl.path == "/user" {
					method = http.MethodGet
				}
				srv := serve(t, stub{method: method, path: cl.path, status: status, respBody: string(body)})
				err := cl.do(testClient(srv, StyleJSON))
				srv.Close()
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("%s, %s in %s: err = %v, want *Error", cl.name, how, field, err)
				}
				for _, text := range []string{err.Error(), e.Message, e.Code} {
					if strings.Contains(asRead(text), cl.secret) {
						t.Errorf("%s, %s in %s, HTTP %d: %q holds the secret", cl.name, how, field, status, text)
					}
				}
			}
		}
	}
}

// asRead is text as a reader takes it in: character references decoded (however often
// they were encoded), invisible characters and spaces gone ("atu_ACC ESS" is as good as
// the secret).
func asRead(text string) string {
	for range 5 {
		text = html.UnescapeString(text)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, text)
}

func TestPlainTextAndShorten(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a<b>b</b>c", "abc"},
		{"Hello <b>world</b>", "Hello world"},
		{"<p>one</p> <p>two</p>", "one two"},
		{"x\u200by\u0000z", "xyz"},
		{"1 < 2 > 0", "1 < 2 > 0"},
	} {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := serverText("xx SECRET-1234 yy", 5, []string{"SECRET-1234"}); got != "xx [r…" {
		t.Errorf("serverText cut = %q", got)
	}
}

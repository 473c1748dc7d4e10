package atomgit

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestSecretsSplitByTagsAreRedacted: a hostile server echoes what the client sent with
// tags (or characters that are dropped from messages) inside it. Once those are
// stripped the secret is whole again, or whole but for a space, so it must be
// redacted after the stripping.
func TestSecretsSplitByTagsAreRedacted(t *testing.T) {
	const access, refresh = "atu_ACCESS-token-1", "refresh_REFRESH-token-1"
	splits := []string{"<b></b>", "<span class=x>", "</i>", "<!-- x -->", "\u200b", "\x00", "\u202e"}
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
		for _, split := range splits {
			for _, field := range []string{"error_description", "error"} {
				for _, status := range []int{200, 400} {
					mid := len(cl.secret) / 2
					echoed := "you sent " + cl.secret[:mid] + split + cl.secret[mid:] + " which is wrong"
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
						t.Fatalf("%s, %q in %s: err = %v, want *Error", cl.name, split, field, err)
					}
					for _, text := range []string{err.Error(), e.Message, e.Code} {
						// "atu_ACC ESS" is as good as the secret to a reader.
						if strings.Contains(strings.ReplaceAll(text, " ", ""), cl.secret) {
							t.Errorf("%s, split by %q in %s, HTTP %d: %q holds the secret", cl.name, split, field, status, text)
						}
					}
				}
			}
		}
	}
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

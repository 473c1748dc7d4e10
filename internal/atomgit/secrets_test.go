package atomgit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestSecretsNeverInErrors makes a hostile server echo what the client sent
// (and the tokens of its own answer) in every place an error message comes
// from.
func TestSecretsNeverInErrors(t *testing.T) {
	const access, refresh = "atu_ACCESS-token-1", "refresh_REFRESH-token-1"
	bodies := []string{
		`{"error":"%[1]s","error_description":"%[1]s"}`,
		`{"error_code_name":"%[1]s","error_message":"` + strings.Repeat("x", 190) + `%[1]s"}`,
		`{"message":"%[1]s"}`,
		`{"error_message":"%[1]s %[1]s"}`,
		`{"access_token":"atu_OTHER","refresh_token":"refresh_OTHER","error":"atu_OTHER and refresh_OTHER"}`,
		`<html>%[1]s</html>`,
		`%[1]s`,
		`{"access_token":%[1]s`,
	}
	type call struct {
		name string
		sent []string
		path string
		do   func(*Client) error
	}
	calls := []call{
		{"exchange", []string{testSecret, testCode}, "/token", func(c *Client) error { _, err := c.Exchange(context.Background(), testCode); return err }},
		{"refresh", []string{testSecret, refresh}, "/token", func(c *Client) error { _, err := c.Refresh(context.Background(), refresh); return err }},
		{"user", []string{testSecret, access}, "/user", func(c *Client) error { _, err := c.User(context.Background(), access); return err }},
	}
	for _, cl := range calls {
		for _, status := range []int{200, 400, 500} {
			for _, style := range []RequestStyle{StyleJSON, StyleForm} {
				for _, tmpl := range bodies {
					body := fmt.Sprintf(tmpl, strings.Join(cl.sent, " "))
					method := http.MethodPost
					if cl.path == "/user" {
						method = http.MethodGet
						body = strings.ReplaceAll(body, `"access_token"`, `"x"`)
					}
					srv := serve(t, stub{method: method, path: cl.path, status: status, respBody: body})
					err := cl.do(testClient(srv, style))
					srv.Close()
					var e *Error
					if !errors.As(err, &e) {
						t.Fatalf("%s, status %d, body %q: err = %v, want *Error", cl.name, status, body, err)
					}
					for _, text := range []string{err.Error(), e.Message, e.Code} {
						for _, secret := range append(cl.sent, testSecret[:8], cl.sent[1][:8], "atu_OTHER", "refresh_OTHER") {
							if cl.name == "user" && strings.HasSuffix(secret, "OTHER") {
								continue // a user answer carries no tokens
							}
							if strings.Contains(text, secret) {
								t.Errorf("%s, status %d, body %q: error text %q contains %q", cl.name, status, body, text, secret)
							}
						}
					}
				}
			}
		}
	}
}

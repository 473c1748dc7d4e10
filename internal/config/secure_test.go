package config

import (
	"errors"
	"strings"
	"testing"
)

// The token and user URLs receive credentials: https, or plain http to this computer.
func TestCredentialURLsMustBeHTTPSUnlessLoopback(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want string // the setting named in the message
	}{
		{"token url http", nil, map[string]string{"ATOMGIT_TOKEN_URL": "http://example.com/login/oauth/access_token"}, "", "ATOMGIT_TOKEN_URL"},
		{"user url http", []string{"--user-url", "http://api.atomgit.com/user/info"}, nil, "", "--user-url"},
		{"user url http in the file", nil, nil, `{"user_url": "http://example.com/user/info"}`, "user_url in "},
		{"token url http to a LAN address", nil, map[string]string{"ATOMGIT_TOKEN_URL": "http://192.168.1.5:8080/token"}, "", "ATOMGIT_TOKEN_URL"},
		{"token url http to a name ending in localhost", nil, map[string]string{"ATOMGIT_TOKEN_URL": "http://localhost.evil.example/token"}, "", "ATOMGIT_TOKEN_URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.args, tc.env, tc.file)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if !strings.HasPrefix(ce.Setting, tc.want) || !strings.Contains(err.Error(), "https") {
				t.Errorf("err = %v: want it to name %q and ask for https", err, tc.want)
			}
		})
	}
}

func TestCredentialURLsMayBePlainHTTPOnLoopback(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:8080", "http://127.1.2.3:9", "http://[::1]:8080", "http://localhost:8080", "http://LOCALHOST", "https://api.atomgit.com"} {
		env := map[string]string{"ATOMGIT_TOKEN_URL": base + "/login/oauth/access_token", "ATOMGIT_USER_URL": base + "/user/info"}
		c, err := load(t, nil, env, "")
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if c.Endpoint.TokenURL != env["ATOMGIT_TOKEN_URL"] || c.Endpoint.UserURL != env["ATOMGIT_USER_URL"] {
			t.Errorf("%s: endpoint %+v", base, c.Endpoint)
		}
	}
}

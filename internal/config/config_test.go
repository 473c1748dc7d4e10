package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// load runs a Loader over args, env and an optional config file's contents.
func load(t *testing.T, args []string, env map[string]string, file string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if file != "" {
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	l := AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home") // unless env names another, or none ("")
	l.Getenv = func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch {
		case k == "HOME", k == "AppData": // AppData: Windows' config folder
			return home
		case k == "ATOMGIT_CONFIG" && file != "":
			return path
		case k == "XDG_CONFIG_DIRS", k == "ProgramData": // no system file of the machine's
			return filepath.Join(dir, "system")
		}
		return ""
	}
	return l.Load()
}

func TestDefaultsAreThe2023Endpoints(t *testing.T) {
	c, err := load(t, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want := atomgit.Endpoint{
		AuthorizeURL: "https://atomgit.com/login/oauth/authorize",
		TokenURL:     "https://api.atomgit.com/login/oauth/access_token",
		UserURL:      "https://api.atomgit.com/user/info",
		Style:        atomgit.StyleJSON,
	}
	if c.Endpoint.AuthorizeURL != want.AuthorizeURL || c.Endpoint.TokenURL != want.TokenURL ||
		c.Endpoint.UserURL != want.UserURL || c.Endpoint.Style != want.Style {
		t.Errorf("endpoint = %+v, want %+v", c.Endpoint, want)
	}
	if c.RedirectURI != "http://127.0.0.1:8765/callback" {
		t.Errorf("redirect = %q", c.RedirectURI)
	}
	if c.Configured() {
		t.Error("configured without a client id")
	}
	if c.SignInTimeout != 10*time.Minute {
		t.Errorf("timeout = %v", c.SignInTimeout)
	}
}

func TestPrecedenceFlagOverEnvOverFileOverDefault(t *testing.T) {
	file := `{"client_id": "from-file", "client_secret": "s", "token_url": "https://file.example/token", "user_url": "https://file.example/user"}`
	env := map[string]string{"ATOMGIT_CLIENT_ID": "from-env", "ATOMGIT_TOKEN_URL": "https://env.example/token"}
	c, err := load(t, []string{"--client-id", "from-flag"}, env, file)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{c.ClientID, "from-flag"},
		{c.Endpoint.TokenURL, "https://env.example/token"},
		{c.Endpoint.UserURL, "https://file.example/user"},
		{c.Endpoint.AuthorizeURL, "https://atomgit.com/login/oauth/authorize"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	src := map[string]Source{}
	for _, v := range c.Values() {
		src[v.Key] = v.Source
	}
	want := map[string]Source{"client_id": FromFlag, "token_url": FromEnv, "user_url": FromFile, "authorize_url": FromDefault, "client_secret": FromFile}
	for k, w := range want {
		if src[k] != w {
			t.Errorf("source of %s = %s, want %s", k, src[k], w)
		}
	}
}

func TestCurrentProfileSwitchesEveryEndpoint(t *testing.T) {
	c, err := load(t, nil, map[string]string{"ATOMGIT_PROFILE": "current", "ATOMGIT_SCOPES": "user_info projects"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint.TokenURL != "https://atomgit.com/oauth/token" || c.Endpoint.Style != atomgit.StyleForm || !c.Endpoint.ResponseType {
		t.Errorf("endpoint = %+v", c.Endpoint)
	}
	if strings.Join(c.Endpoint.Scopes, ",") != "user_info,projects" {
		t.Errorf("scopes = %v", c.Endpoint.Scopes)
	}
}

func TestBadValuesNameTheSetting(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want string // the setting named in the message
	}{
		{"redirect not loopback", nil, map[string]string{"ATOMGIT_REDIRECT_URI": "http://example.com:8765/callback"}, "", "ATOMGIT_REDIRECT_URI"},
		{"redirect https", nil, map[string]string{"ATOMGIT_REDIRECT_URI": "https://127.0.0.1:8765/callback"}, "", "ATOMGIT_REDIRECT_URI"},
		{"redirect without port", []string{"--redirect-uri", "http://127.0.0.1/callback"}, nil, "", "--redirect-uri"},
		{"redirect without path", nil, map[string]string{"ATOMGIT_REDIRECT_URI": "http://127.0.0.1:8765"}, "", "ATOMGIT_REDIRECT_URI"},
		{"token url not a URL", nil, map[string]string{"ATOMGIT_TOKEN_URL": "api.atomgit.com/token"}, "", "ATOMGIT_TOKEN_URL"},
		{"authorize url ftp", nil, nil, `{"authorize_url": "ftp://atomgit.com/x"}`, "authorize_url in "},
		{"unknown style", nil, map[string]string{"ATOMGIT_TOKEN_REQUEST": "xml"}, "", "ATOMGIT_TOKEN_REQUEST"},
		{"unknown profile", []string{"--profile", "2019"}, nil, "", "--profile"},
		{"secret missing", nil, map[string]string{"ATOMGIT_CLIENT_ID": "id"}, "", "ATOMGIT_CLIENT_SECRET"},
		{"bad storage", nil, map[string]string{"ATOMGIT_STORAGE": "plaintext"}, "", "ATOMGIT_STORAGE"},
		{"bad browser", nil, map[string]string{"ATOMGIT_BROWSER": "sometimes"}, "", "ATOMGIT_BROWSER"},
		{"bad timeout", nil, map[string]string{"ATOMGIT_SIGNIN_TIMEOUT": "forever"}, "", "ATOMGIT_SIGNIN_TIMEOUT"},
		{"unknown file key", nil, nil, `{"client_idd": "x"}`, "client_idd in "},
		{"file not JSON", nil, nil, "{\n\"client_id\": x}", "config file"},
		{"file value a number", nil, nil, `{"client_id": 5}`, "client_id in "},
		{"missing explicit file", nil, map[string]string{"ATOMGIT_CONFIG": "/nonexistent/config.json"}, "", "config file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.args, tc.env, tc.file)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if !strings.HasPrefix(ce.Setting, tc.want) {
				t.Errorf("setting = %q, want it to start with %q (%v)", ce.Setting, tc.want, err)
			}
		})
	}
}

func TestFileSyntaxErrorNamesTheLine(t *testing.T) {
	_, err := load(t, nil, nil, "{\n  \"client_id\": \"a\",\n  oops\n}")
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("err = %v, want it to name line 3", err)
	}
}

func TestGoodRedirectURIs(t *testing.T) {
	for _, v := range []string{"http://127.0.0.1:8765/callback", "http://localhost:9000/cb", "http://[::1]:8765/callback", "http://127.0.0.1:0/callback"} {
		if err := CheckRedirectURI(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}

func TestMaskKeepsOnlyTheTail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"", ""}, {"short", "********"}, {"0123456789abcdef", "********cdef"}} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBrowserFlagStandsAlone(t *testing.T) {
	c, err := load(t, []string{"--browser"}, nil, "")
	if err != nil || !c.Browser {
		t.Fatalf("--browser: %v, %v", c, err)
	}
	c, err = load(t, []string{"--browser=false"}, map[string]string{"ATOMGIT_BROWSER": "true"}, "")
	if err != nil || c.Browser {
		t.Fatalf("--browser=false over the variable: %+v, %v", c, err)
	}
}

func TestHosts(t *testing.T) {
	for _, tc := range []struct {
		url               string
		authorize, origin string // AuthorizeHost; AuthorizeOrigin as scheme://host, or "" when not ok
		token             string // TokenHostname
	}{
		{"https://atomgit.com/login/oauth/authorize", "atomgit.com", "https://atomgit.com", "atomgit.com"},
		{"https://AtomGit.com:443/x", "AtomGit.com:443", "https://AtomGit.com:443", "AtomGit.com"},
		{"http://127.0.0.1:8080/x", "127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1"},
		{"http://[::1]:8080/x", "[::1]:8080", "http://[::1]:8080", "::1"},
		{"no-host", "no-host", "", ""},
		{"http://bad host/", "http://bad host/", "", "http://bad host/"},
	} {
		c := &Config{Endpoint: atomgit.Endpoint{AuthorizeURL: tc.url, TokenURL: tc.url}}
		if got := c.AuthorizeHost(); got != tc.authorize {
			t.Errorf("AuthorizeHost(%q) = %q, want %q", tc.url, got, tc.authorize)
		}
		origin := ""
		if scheme, host, ok := c.AuthorizeOrigin(); ok {
			origin = scheme + "://" + host
		}
		if origin != tc.origin {
			t.Errorf("AuthorizeOrigin(%q) = %q, want %q", tc.url, origin, tc.origin)
		}
		if got := c.TokenHostname(); got != tc.token {
			t.Errorf("TokenHostname(%q) = %q, want %q", tc.url, got, tc.token)
		}
	}
}

package config

import (
	"cmp"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
)

// Profiles are the built-in endpoint sets, selected by the profile setting.
var Profiles = map[string]atomgit.Endpoint{
	"2023":    atomgit.Endpoint2023,
	"current": atomgit.EndpointCurrent,
}

// resolve turns the raw values into a validated Config. Each check names the setting as
// it was given. file is the person's config file (tokens.json goes beside it).
func resolve(raw map[string]Value, file string) (*Config, error) {
	r := resolver{raw: raw}
	c := &Config{File: file}
	for _, step := range []func(*Config) error{r.app, r.endpoint, r.behaviour, r.look} {
		if err := step(c); err != nil {
			return nil, err
		}
	}
	for _, s := range settings {
		c.values = append(c.values, raw[s.key])
	}
	return c, nil
}

// resolver reads and checks the raw values, one group of settings at a time; what it
// reads becomes the value `config` shows.
type resolver struct{ raw map[string]Value }

// bad is the error of the setting key, named as it was given.
func (r resolver) bad(key, msg string) error {
	return &Error{Setting: byKey(key).nameIn(r.raw[key]), Msg: msg, key: key}
}

// get is the value of key, or def when it was not given (or given empty).
func (r resolver) get(key, def string) string {
	v := r.raw[key]
	if v.Source == FromDefault || v.Value == "" {
		v.Value, v.Source, v.File = def, FromDefault, ""
	}
	r.raw[key] = v
	return v.Value
}

// app reads the profile and the OAuth app: its client and its redirect URI.
func (r resolver) app(c *Config) error {
	c.Profile = r.get("profile", "2023")
	if _, ok := Profiles[c.Profile]; !ok {
		return r.bad("profile", fmt.Sprintf("unknown profile %q (use 2023 or current)", c.Profile))
	}
	c.ClientID = r.get("client_id", "")
	c.ClientSecret = r.get("client_secret", "")
	if c.ClientID != "" && c.ClientSecret == "" {
		return r.bad("client_secret", "is empty, but a client id is set: set both from the OAuth app's page")
	}
	c.RedirectURI = r.get("redirect_uri", DefaultRedirectURI)
	if err := CheckRedirectURI(c.RedirectURI); err != nil {
		return r.bad("redirect_uri", err.Error())
	}
	return nil
}

// endpoint reads the profile's endpoints as the settings change them: the URLs, the token
// request's body, PKCE and the scopes.
func (r resolver) endpoint(c *Config) error {
	ep := Profiles[c.Profile]
	for _, u := range []struct {
		key string
		dst *string
	}{{"authorize_url", &ep.AuthorizeURL}, {"token_url", &ep.TokenURL}, {"user_url", &ep.UserURL}} {
		v := r.get(u.key, *u.dst)
		if err := checkURL(v); err != nil {
			return r.bad(u.key, err.Error())
		}
		*u.dst = v
	}
	for _, u := range []struct{ key, v string }{{"token_url", ep.TokenURL}, {"user_url", ep.UserURL}} {
		if err := checkCredentialURL(u.v); err != nil {
			return r.bad(u.key, err.Error())
		}
	}
	style := r.get("token_request", string(ep.Style))
	switch atomgit.RequestStyle(style) {
	case atomgit.StyleJSON, atomgit.StyleForm:
		ep.Style = atomgit.RequestStyle(style)
	default:
		return r.bad("token_request", fmt.Sprintf("must be json or form, not %q", style))
	}
	pkce := atomgit.PKCE(strings.ToLower(r.get("pkce", string(cmp.Or(ep.PKCE, atomgit.PKCEOff)))))
	switch pkce {
	case atomgit.PKCES256, atomgit.PKCEOff:
		ep.PKCE = pkce
	default:
		return r.bad("pkce", fmt.Sprintf("must be s256 or off, not %q", pkce))
	}
	if s := r.get("scopes", strings.Join(ep.Scopes, " ")); s != "" {
		ep.Scopes = strings.Fields(s)
	}
	c.Endpoint = ep
	return nil
}

// behaviour reads how a sign-in runs and where its tokens are kept.
func (r resolver) behaviour(c *Config) error {
	d, err := time.ParseDuration(r.get("signin_timeout", DefaultSignInTimeout))
	if err != nil || d < 10*time.Second || d > 24*time.Hour {
		return r.bad("signin_timeout", "must be a duration between 10s and 24h, such as 10m")
	}
	c.SignInTimeout = d
	switch v := r.get("storage", "keyring"); v {
	case "keyring":
	case "file":
		c.TokenFile = filepath.Join(filepath.Dir(c.File), "tokens.json")
	default:
		return r.bad("storage", fmt.Sprintf("must be keyring or file, not %q", v))
	}
	switch b := strings.ToLower(r.get("browser", "false")); b {
	case "true", "1", "yes", "on":
		c.Browser = true
	case "false", "0", "no", "off":
	default:
		return r.bad("browser", fmt.Sprintf("must be true or false, not %q", b))
	}
	return nil
}

// look reads the branding: the name, the tagline, the accent colour and the logo. The
// colour and the file are shown by `config` as they are used: #rrggbb, an absolute path.
func (r resolver) look(c *Config) error {
	c.AppName = r.get("app_name", DefaultAppName)
	c.Tagline = r.get("tagline", DefaultTagline)
	var err error
	if v := r.get("accent", ""); v != "" {
		if c.Accent, err = brand.ParseColor(v); err != nil {
			return r.bad("accent", err.Error())
		}
		r.raw["accent"] = withValue(r.raw["accent"], c.Accent)
	}
	if v := r.get("logo", ""); v != "" {
		if c.Logo, err = logoPath(v, r.raw["logo"].File); err != nil {
			return r.bad("logo", err.Error())
		}
		r.raw["logo"] = withValue(r.raw["logo"], c.Logo)
	}
	return nil
}

func withValue(v Value, s string) Value { v.Value = s; return v }

// logoPath is the logo file that v names, made absolute (a relative path in a config
// file, from, is taken from that file's folder), once its name and folder entry are
// checked (brand.CheckLogo: it is not opened; the window reads it).
func logoPath(v, from string) (string, error) {
	if from != "" && !filepath.IsAbs(v) {
		v = filepath.Join(filepath.Dir(from), v)
	}
	path, err := filepath.Abs(v)
	if err != nil {
		return "", fmt.Errorf("cannot resolve %s: %v", v, err)
	}
	return path, brand.CheckLogo(path)
}

// checkURL accepts absolute http(s) URLs with a host.
func checkURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("must be an http(s) URL such as https://atomgit.com/…, not %q", v)
	}
	return nil
}

// CheckRedirectURI accepts what a loopback listener can serve: http, a loopback IP or
// localhost, an explicit port, a path, no query or fragment. Port 0 means "any free port"
// and suits only servers that accept any loopback port (such as the demo).
func CheckRedirectURI(v string) error {
	const want = "must be a loopback http URL with a port and a path, such as " + DefaultRedirectURI
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "http" || u.Opaque != "" || u.User != nil {
		return fmt.Errorf("%s, not %q", want, v)
	}
	host, port := u.Hostname(), u.Port()
	if port == "" || (u.Path == "" || u.Path == "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%s, not %q", want, v)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s, not %q (only this computer may receive the code)", want, v)
	}
	return nil
}

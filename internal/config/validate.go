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
	c := &Config{File: file}
	bad := func(key, msg string) error {
		return &Error{Setting: byKey(key).nameIn(raw[key]), Msg: msg, key: key}
	}
	get := func(key, def string) string {
		v := raw[key]
		if v.Source == FromDefault || v.Value == "" {
			v.Value, v.Source, v.File = def, FromDefault, ""
		}
		raw[key] = v
		return v.Value
	}

	c.Profile = get("profile", "2023")
	ep, ok := Profiles[c.Profile]
	if !ok {
		return nil, bad("profile", fmt.Sprintf("unknown profile %q (use 2023 or current)", c.Profile))
	}
	c.ClientID = get("client_id", "")
	c.ClientSecret = get("client_secret", "")
	if c.ClientID != "" && c.ClientSecret == "" {
		return nil, bad("client_secret", "is empty, but a client id is set: set both from the OAuth app's page")
	}

	c.RedirectURI = get("redirect_uri", DefaultRedirectURI)
	if err := CheckRedirectURI(c.RedirectURI); err != nil {
		return nil, bad("redirect_uri", err.Error())
	}

	for _, u := range []struct {
		key string
		dst *string
		def string
	}{
		{"authorize_url", &ep.AuthorizeURL, ep.AuthorizeURL},
		{"token_url", &ep.TokenURL, ep.TokenURL},
		{"user_url", &ep.UserURL, ep.UserURL},
	} {
		v := get(u.key, u.def)
		if err := checkURL(v); err != nil {
			return nil, bad(u.key, err.Error())
		}
		*u.dst = v
	}

	for _, u := range []struct{ key, v string }{{"token_url", ep.TokenURL}, {"user_url", ep.UserURL}} {
		if err := checkCredentialURL(u.v); err != nil {
			return nil, bad(u.key, err.Error())
		}
	}

	style := get("token_request", string(ep.Style))
	switch atomgit.RequestStyle(style) {
	case atomgit.StyleJSON, atomgit.StyleForm:
		ep.Style = atomgit.RequestStyle(style)
	default:
		return nil, bad("token_request", fmt.Sprintf("must be json or form, not %q", style))
	}
	pkce := atomgit.PKCE(strings.ToLower(get("pkce", string(cmp.Or(ep.PKCE, atomgit.PKCEOff)))))
	switch pkce {
	case atomgit.PKCES256, atomgit.PKCEOff:
		ep.PKCE = pkce
	default:
		return nil, bad("pkce", fmt.Sprintf("must be s256 or off, not %q", pkce))
	}
	if s := get("scopes", strings.Join(ep.Scopes, " ")); s != "" {
		ep.Scopes = strings.Fields(s)
	}
	c.Endpoint = ep

	d, err := time.ParseDuration(get("signin_timeout", DefaultSignInTimeout))
	if err != nil || d < 10*time.Second || d > 24*time.Hour {
		return nil, bad("signin_timeout", "must be a duration between 10s and 24h, such as 10m")
	}
	c.SignInTimeout = d
	switch v := get("storage", "keyring"); v {
	case "keyring":
	case "file":
		c.TokenFile = filepath.Join(filepath.Dir(file), "tokens.json")
	default:
		return nil, bad("storage", fmt.Sprintf("must be keyring or file, not %q", v))
	}
	switch b := strings.ToLower(get("browser", "false")); b {
	case "true", "1", "yes", "on":
		c.Browser = true
	case "false", "0", "no", "off":
	default:
		return nil, bad("browser", fmt.Sprintf("must be true or false, not %q", b))
	}
	c.AppName = get("app_name", DefaultAppName)
	c.Tagline = get("tagline", DefaultTagline)
	// `config` shows the colour and the file as they are used: #rrggbb, an absolute path.
	if v := get("accent", ""); v != "" {
		if c.Accent, err = brand.ParseColor(v); err != nil {
			return nil, bad("accent", err.Error())
		}
		raw["accent"] = withValue(raw["accent"], c.Accent)
	}
	if v := get("logo", ""); v != "" {
		if c.Logo, err = logoPath(v, raw["logo"].File); err != nil {
			return nil, bad("logo", err.Error())
		}
		raw["logo"] = withValue(raw["logo"], c.Logo)
	}

	for _, s := range settings {
		c.values = append(c.values, raw[s.key])
	}
	return c, nil
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

package auth

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/facade"
)

// Config is an OAuth app on an AtomGit host, and how its session is kept. The zero value
// of a field means its default, as atomgit-login has it. Two programs with the same
// ClientID and token endpoint host share one session: the same keyring entry, lock and
// change signal.
type Config struct {
	// ClientID and ClientSecret are the OAuth app's, from its page on AtomGit. Required.
	ClientID, ClientSecret string
	// RedirectURI is the callback registered for the app: a loopback http URL with a port
	// and a path. "": http://127.0.0.1:8765/callback.
	RedirectURI string
	// AuthorizeURL, TokenURL and UserURL are AtomGit's endpoints: the page where the
	// person signs in, the token endpoint, and the user API. "": AtomGit's, as its 2023
	// API has them (https://atomgit.com/login/oauth/authorize,
	// https://api.atomgit.com/login/oauth/access_token, https://api.atomgit.com/user/info).
	AuthorizeURL, TokenURL, UserURL string
	// TokenRequest is how a token request is encoded: "json" (the default) or "form".
	TokenRequest string
	// PKCE sends a PKCE proof key (RFC 7636, S256) with each sign-in.
	PKCE bool
	// Scopes are sent as the authorize page's scope; none by default.
	Scopes []string
	// Storage is where the session is kept: "keyring" (the default: the system keyring) or
	// "file" (TokenFile, a plain-text file readable by the person only).
	Storage string
	// TokenFile is the file of Storage "file". "": tokens.json beside atomgit-login's
	// config file, where atomgit-login keeps it (~/.config/atomgit-login/tokens.json).
	TokenFile string
	// SignInTimeout is how long a sign-in may take. 0: ten minutes.
	SignInTimeout time.Duration
	// AppName is named on the callback page and the window's sign-in screen.
	// "": AtomGit Login.
	AppName string
	// Account, when set, pins the session to this signed-in login, of several signed in
	// (atomgit-login's --user); "": whoever is the active account.
	Account string
	// Browser signs in through the system browser, never in atomgit-login's window.
	Browser bool
	// APIOrigins are more origins ("https://host" or "https://host:port") that the
	// Session's client sends the token to, besides the user API's (UserURL's). A request
	// to any other origin goes without it. Each must be https (or http to a loopback
	// address).
	APIOrigins []string
	// WindowProgram is atomgit-login's window program that SignIn starts when no window is
	// open. "": atomgit-login-window beside the atomgit-login that PATH finds; without one
	// (or without a display), SignIn uses the system browser.
	WindowProgram string
	// OpenURL shows the person the authorize page of a sign-in through the browser, for a
	// program that does it its own way. Nil: the system browser opens it, and its address
	// is written to standard error for a person who has none at hand (over SSH, say).
	OpenURL func(url string)

	now func() time.Time // the session's clock (tests); nil: time.Now
}

// LoadConfig reads the settings atomgit-login reads: its system-wide settings file, the
// person's config file (~/.config/atomgit-login/config.json, or the one ATOMGIT_CONFIG
// names) and the ATOMGIT_* variables, in that order of strength; no flags, and the
// settings built into atomgit-login's own build are not those of another program. A bad
// value is an *Error with ErrMisconfigured that names the setting as it was given.
func LoadConfig() (Config, error) {
	c, err := (&config.Loader{}).Load()
	if err != nil {
		return Config{}, fail(err, statusNone, false)
	}
	out := Config{
		ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURI: c.RedirectURI,
		AuthorizeURL: c.Endpoint.AuthorizeURL, TokenURL: c.Endpoint.TokenURL, UserURL: c.Endpoint.UserURL,
		TokenRequest: string(c.Endpoint.Style), PKCE: c.Endpoint.PKCE == atomgit.PKCES256, Scopes: c.Endpoint.Scopes,
		Storage: "keyring", SignInTimeout: c.SignInTimeout, AppName: c.AppName, Browser: c.Browser,
	}
	if c.TokenFile != "" {
		out.Storage, out.TokenFile = "file", c.TokenFile
	}
	return out, nil
}

// fields are the Config fields of the settings, for messages.
var fields = map[string]string{
	"client_id": "ClientID", "client_secret": "ClientSecret", "redirect_uri": "RedirectURI",
	"authorize_url": "AuthorizeURL", "token_url": "TokenURL", "user_url": "UserURL", "token_request": "TokenRequest",
	"pkce": "PKCE", "scopes": "Scopes", "storage": "Storage", "signin_timeout": "SignInTimeout", "app_name": "AppName",
	"browser": "Browser",
}

func init() {
	facade.Settings = func(c any, more map[string]string) (*config.Config, error) { return c.(Config).given(more) }
}

// brandFields name wailsauth.Brand's fields by the settings they give.
var brandFields = map[string]string{"app_name": "Name", "accent": "Accent"}

// settings checks c as atomgit-login checks its settings, fills in the defaults, and
// requires an OAuth app (a client id).
func (c Config) settings() (*config.Config, error) {
	cc, err := c.given(nil)
	if err != nil {
		return nil, err
	}
	if !cc.Configured() {
		return nil, &Error{Kind: ErrMisconfigured, Detail: "Config.ClientID is empty: give the OAuth app's client id and secret " +
			"(LoadConfig reads them from ATOMGIT_CLIENT_ID and ATOMGIT_CLIENT_SECRET, or atomgit-login's config file)"}
	}
	return cc, nil
}

// given is settings with the settings in more added (atomgit-login's keys; an empty value
// is left out), without requiring an OAuth app: cc.Configured says whether there is one.
func (c Config) given(more map[string]string) (*config.Config, error) {
	pkce := "off"
	if c.PKCE {
		pkce = "s256"
	}
	values := map[string]string{
		"client_id": c.ClientID, "client_secret": c.ClientSecret, "redirect_uri": c.RedirectURI,
		"authorize_url": c.AuthorizeURL, "token_url": c.TokenURL, "user_url": c.UserURL, "token_request": c.TokenRequest,
		"pkce": pkce, "scopes": strings.Join(c.Scopes, " "), "storage": c.Storage, "app_name": c.AppName,
		"browser": strconv.FormatBool(c.Browser),
	}
	if c.SignInTimeout != 0 {
		values["signin_timeout"] = c.SignInTimeout.String()
	}
	for k, v := range more {
		if v != "" {
			values[k] = v
		}
	}
	cc, err := config.Given(values, func(key string) string {
		if more[key] != "" {
			return "Brand." + brandFields[key] // auth/wailsauth's
		}
		return "Config." + fields[key]
	})
	if err != nil {
		return nil, fail(err, statusNone, false)
	}
	if cc.TokenFile != "" {
		cc.TokenFile = c.TokenFile
		if cc.TokenFile == "" {
			if cc.TokenFile, err = defaultTokenFile(); err != nil {
				return nil, fail(err, statusNone, false)
			}
		}
		if cc.TokenFile, err = filepath.Abs(cc.TokenFile); err != nil {
			return nil, &Error{Kind: ErrMisconfigured, Detail: "Config.TokenFile: " + err.Error()}
		}
	}
	return cc, nil
}

// defaultTokenFile is where atomgit-login keeps the tokens with the file storage: beside
// its config file, the one ATOMGIT_CONFIG names or the person's default one.
func defaultTokenFile() (string, error) {
	file := os.Getenv("ATOMGIT_CONFIG")
	if file == "" {
		var err error
		if file, err = config.DefaultFile(os.Getenv); err != nil {
			return "", err
		}
	}
	return filepath.Join(filepath.Dir(file), "tokens.json"), nil
}

// origins are the origins the Session's client sends the token to: UserURL's and c's
// APIOrigins, each as scheme://host[:port] with a port only where it is not the scheme's.
func (c Config) origins(cc *config.Config) (map[string]bool, error) {
	out := map[string]bool{}
	u, _ := url.Parse(cc.Endpoint.UserURL) // checked by settings
	out[origin(u)] = true
	for i, o := range c.APIOrigins {
		u, err := url.Parse(o)
		if err == nil {
			err = config.CheckCredentialURL(o)
		}
		if err == nil && (u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil) {
			err = fmt.Errorf("must be an origin such as https://api.example.com, not %q", o)
		}
		if err != nil {
			return nil, &Error{Kind: ErrMisconfigured, Detail: fmt.Sprintf("Config.APIOrigins[%d]: %v", i, err)}
		}
		out[origin(u)] = true
	}
	return out, nil
}

// origin is u's scheme and host, lower case, with its port only where it is not the
// scheme's own.
func origin(u *url.URL) string {
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if port == "" || scheme == "https" && port == "443" || scheme == "http" && port == "80" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host
}

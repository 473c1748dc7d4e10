package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// Config is the effective configuration. It is a plain value: build it with a Loader.
type Config struct {
	Profile       string
	ClientID      string
	ClientSecret  string
	RedirectURI   string
	Endpoint      atomgit.Endpoint
	SignInTimeout time.Duration
	// Browser opens the authorize page in the system browser instead of the window.
	Browser bool
	// TokenFile, when set, keeps the tokens in this plain-text file instead of the
	// system keyring (the person asked for it: storage = file).
	TokenFile string
	AppName   string
	Tagline   string
	// Logo is the absolute path of the logo image, or "" for the built-in logo.
	Logo string
	// Accent is the accent colour as #rrggbb, or "" for the built-in colours.
	Accent string
	// File is the config file that was read, or would be read if it existed.
	File string

	values []Value
}

// Value is one setting as resolved, for `atomgit-login config`.
type Value struct {
	Key    string
	Env    string
	Value  string
	Source Source
	Secret bool
}

// Configured reports whether an OAuth app is set up; without one only the demo can sign in.
func (c *Config) Configured() bool { return c.ClientID != "" }

// AuthorizeHost is the host of the authorize page, with its port if any: where the
// person signs in. It is the authorize URL as given when that has no host.
func (c *Config) AuthorizeHost() string {
	if _, host, ok := c.AuthorizeOrigin(); ok {
		return host
	}
	return c.Endpoint.AuthorizeURL
}

// AuthorizeOrigin is the scheme and host (with its port, if any) of the authorize page:
// the web server that the person signs in on and that git talks to. ok is false when
// the authorize URL has no host, which Load does not allow.
func (c *Config) AuthorizeOrigin() (scheme, host string, ok bool) {
	u, err := url.Parse(c.Endpoint.AuthorizeURL)
	if err != nil || u.Host == "" {
		return "", "", false
	}
	return u.Scheme, u.Host, true
}

// TokenHostname is the host name of the token endpoint, without its port (which a local
// test server changes from run to run): the part of a keyring entry's name that says
// which AtomGit it belongs to. It is the token URL as given when that cannot be parsed.
func (c *Config) TokenHostname() string {
	u, err := url.Parse(c.Endpoint.TokenURL)
	if err != nil {
		return c.Endpoint.TokenURL
	}
	return u.Hostname()
}

// Values lists every setting with its value and where it came from. Secrets are included
// as they are: callers that print them mask them (see Mask).
func (c *Config) Values() []Value { return append([]Value(nil), c.values...) }

// SettingName is how the person gave a setting (its flag, its file key, or its
// variable, which is also the name for a default), for messages.
func (c *Config) SettingName(key string) string {
	for i, v := range c.values {
		if v.Key == key {
			return settings[i].nameIn(v.Source, c.File)
		}
	}
	return key
}

// Mask hides all but the last four characters of a secret.
func Mask(s string) string {
	if s == "" {
		return ""
	}
	if len(s) <= 8 {
		return "********"
	}
	return "********" + s[len(s)-4:]
}

// Error is a setting with a bad value. Its message names the setting the way the person
// gave it (variable, flag or file key) and says what is expected.
type Error struct {
	Setting string
	Msg     string
}

func (e *Error) Error() string { return "config: " + e.Setting + ": " + e.Msg }

// Loader reads the settings from flags, the environment and the config file.
type Loader struct {
	// Getenv reads the environment; os.Getenv when nil.
	Getenv func(string) string
	// Stdin is read for --client-secret-file -; nil where standard input is not the
	// person's to give (git-credential reads git's request there).
	Stdin io.Reader

	fs    *flag.FlagSet
	file  *string
	flags map[string]*string
}

// AddFlags registers --config and one flag per setting on fs and returns the Loader that
// reads them after fs.Parse.
func AddFlags(fs *flag.FlagSet) *Loader {
	l := &Loader{fs: fs, flags: map[string]*string{}}
	l.file = fs.String("config", "", "the config file (default: $ATOMGIT_CONFIG or the user's config folder)")
	for _, s := range settings {
		p := new(string)
		if s.boolean {
			fs.Var((*boolString)(p), flagName(s.key), s.usage+" ($"+s.env+")")
		} else {
			fs.StringVar(p, flagName(s.key), "", s.usage+" ($"+s.env+")")
		}
		l.flags[s.key] = p
	}
	return l
}

// UsageInChinese rewrites the usage of the flags that AddFlags defined on fs in Chinese,
// for a --help in a Chinese locale; names of settings, variables and values stay as they
// are. Flags that AddFlags did not define are left alone.
func UsageInChinese(fs *flag.FlagSet) {
	if f := fs.Lookup("config"); f != nil {
		f.Usage = "配置文件（默认：$ATOMGIT_CONFIG，或用户的配置文件夹）"
	}
	for _, s := range settings {
		if f := fs.Lookup(flagName(s.key)); f != nil {
			f.Usage = s.usageZH + "（$" + s.env + "）"
		}
	}
}

// boolString is a flag that may be given alone (--browser) or with a value
// (--browser=false); validation reads the text like any other setting's.
type boolString string

func (b *boolString) String() string     { return string(*b) }
func (b *boolString) Set(s string) error { *b = boolString(s); return nil }
func (b *boolString) IsBoolFlag() bool   { return true }

// Load resolves every setting (flag over variable over file over default) and validates
// the result.
func (l *Loader) Load() (*Config, error) {
	getenv := l.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	set := map[string]bool{}
	if l.fs != nil {
		l.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	}

	path, explicit := "", false
	if v := getenv("ATOMGIT_CONFIG"); v != "" {
		path, explicit = v, true
	}
	if l.file != nil && set["config"] {
		path, explicit = *l.file, true
	}
	if !explicit {
		def, err := DefaultFile(getenv)
		if err != nil {
			return nil, err
		}
		path = def
	}
	file, err := readFile(path, explicit)
	if err != nil {
		return nil, err
	}

	raw := map[string]Value{}
	for _, s := range settings {
		v := Value{Key: s.key, Env: s.env, Secret: s.secret, Source: FromDefault}
		if fv, ok := file[s.key]; ok {
			v.Value, v.Source = fv, FromFile
		}
		if ev, ok := lookup(getenv, s.env); ok {
			v.Value, v.Source = ev, FromEnv
		}
		if p := l.flags[s.key]; p != nil && set[flagName(s.key)] {
			v.Value, v.Source = *p, FromFlag
		}
		raw[s.key] = v
	}
	if err := l.secretFromFile(raw, path); err != nil {
		return nil, err
	}
	return resolve(raw, path)
}

// lookup treats an empty variable as unset, as shells make it easy to export one by
// mistake.
func lookup(getenv func(string) string, name string) (string, bool) {
	v := strings.TrimSpace(getenv(name))
	return v, v != ""
}

// readFile reads the JSON config file: an object of string values keyed by setting.
// A missing default file is no error; a missing file that was asked for is.
func readFile(path string, explicit bool) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Setting: "config file", Msg: fmt.Sprintf("cannot read %s: %v", path, unwrapPath(err))}
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, &Error{Setting: "config file", Msg: fmt.Sprintf("%s is not a JSON object: %v", path, jsonProblem(data, err))}
	}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.key] = true
	}
	out := map[string]string{}
	for k, v := range m {
		if !known[k] {
			return nil, &Error{Setting: k + " in " + path, Msg: "unknown setting (known: " + strings.Join(keys(), ", ") + ")"}
		}
		switch v := v.(type) {
		case string:
			out[k] = strings.TrimSpace(v)
		case []any:
			// scopes may be written as a list.
			parts := make([]string, 0, len(v))
			for _, p := range v {
				s, ok := p.(string)
				if !ok {
					return nil, &Error{Setting: k + " in " + path, Msg: "must be a string or a list of strings"}
				}
				parts = append(parts, s)
			}
			out[k] = strings.Join(parts, " ")
		default:
			return nil, &Error{Setting: k + " in " + path, Msg: "must be a string"}
		}
	}
	return out, nil
}

func keys() []string {
	ks := make([]string, len(settings))
	for i, s := range settings {
		ks[i] = s.key
	}
	return ks
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// jsonProblem turns a decoder error into one that names the line.
func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "the file must hold one JSON object of settings"
	}
	return err.Error()
}

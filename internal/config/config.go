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
	// File is the person's config file that was read, or would be read if it existed.
	File string
	// SystemFile is the system-wide settings file that was read, or the first place it
	// would be read from if it existed ("" where there is none: SystemFiles).
	SystemFile string

	values []Value
}

// Value is one setting as resolved, for `atomgit-login config`.
type Value struct {
	Key    string
	Env    string
	Value  string
	Source Source
	// File is the file the value was read from (the person's or the system file), or "".
	File   string
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
			return settings[i].nameIn(v)
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
	key     string // the setting's key, when the error is about one setting's value
}

func (e *Error) Error() string { return "config: " + e.Setting + ": " + e.Msg }

// Loader reads the settings from flags, the environment, the person's config file, the
// system file and the settings built into the program.
type Loader struct {
	// Getenv reads the environment; os.Getenv when nil.
	Getenv func(string) string
	// Stdin is read for --client-secret-file -; nil where standard input is not the
	// person's to give (git-credential reads git's request there).
	Stdin io.Reader

	fs    *flag.FlagSet
	file  *string
	flags map[string]*string
	// builtIn replaces the settings built into the program, in tests.
	builtIn string
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

// Load resolves every setting (flag over variable over the person's file over the
// system file over the built-in settings over the default) and validates the result.
func (l *Loader) Load() (*Config, error) {
	getenv := l.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	path, explicit := "", false
	if v := getenv("ATOMGIT_CONFIG"); v != "" {
		path, explicit = v, true
	}
	if l.file != nil && l.fs != nil {
		l.fs.Visit(func(f *flag.Flag) {
			if f.Name == "config" {
				path, explicit = *l.file, true
			}
		})
	}
	if !explicit {
		def, err := DefaultFile(getenv)
		if err != nil {
			return nil, err
		}
		path = def
	}
	layers, err := l.layers(getenv, path, explicit)
	if err != nil {
		return nil, err
	}

	raw := map[string]Value{}
	for _, s := range settings {
		v := Value{Key: s.key, Env: s.env, Secret: s.secret, Source: FromDefault}
		for _, ly := range layers {
			if x, ok := ly.values[s.key]; ok {
				v.Value, v.Source, v.File = x, ly.source, ly.file
			}
		}
		raw[s.key] = v
	}
	if err := l.secretFromFile(raw); err != nil {
		return nil, err
	}
	if err := samePartyPair(raw); err != nil {
		return nil, err
	}
	c, err := resolve(raw, path)
	if err != nil {
		return nil, err
	}
	for _, ly := range layers {
		if ly.source == FromSystemFile {
			c.SystemFile = ly.file
		}
	}
	return c, nil
}

// lookup treats an empty variable as unset, as shells make it easy to export one by
// mistake.
func lookup(getenv func(string) string, name string) (string, bool) {
	v := strings.TrimSpace(getenv(name))
	return v, v != ""
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

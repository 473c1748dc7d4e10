package config

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// The sources of a setting, weakest first: a stronger one's value replaces a weaker one's.
const (
	FromDefault Source = "default"
	// FromBuiltIn is a value built into the program by whoever built it
	// (scripts/build --settings FILE): a distribution's OAuth app, say.
	FromBuiltIn Source = "built in"
	// FromSystemFile is a value from the system-wide settings file, which an
	// administrator keeps for every person on the computer (SystemFiles).
	FromSystemFile Source = "system file"
	// FromFile is a value from the person's own config file.
	FromFile Source = "file"
	FromEnv  Source = "env"
	FromFlag Source = "flag"
)

// sources is the order of strength, weakest first.
var sources = []Source{FromDefault, FromBuiltIn, FromSystemFile, FromFile, FromEnv, FromFlag}

// stronger reports whether a value from a beats one from b.
func stronger(a, b Source) bool { return slices.Index(sources, a) > slices.Index(sources, b) }

// builtInName is how messages name the built-in settings.
const builtInName = "the built-in settings"

// A layer is one source of settings, read whole.
type layer struct {
	source Source
	file   string // the file it was read from (relative paths in it start there), or ""
	values map[string]string
}

// layers reads every source of settings but the defaults, weakest first. user is the
// person's config file, explicit when it was named (a missing one is then an error).
func (l *Loader) layers(getenv func(string) string, user string, explicit bool) ([]layer, error) {
	builtIn, err := readBuiltIn(l.builtInSettings())
	if err != nil {
		return nil, err
	}
	system, err := readSystemFile(getenv)
	if err != nil {
		return nil, err
	}
	file, err := readFile(user, explicit)
	if err != nil {
		return nil, err
	}
	env, flags := map[string]string{}, map[string]string{}
	set := map[string]bool{}
	if l.fs != nil {
		l.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	}
	for _, s := range settings {
		if v, ok := lookup(getenv, s.env); ok {
			env[s.key] = v
		}
		if p := l.flags[s.key]; p != nil && set[flagName(s.key)] {
			flags[s.key] = *p
		}
	}
	return []layer{
		{source: FromBuiltIn, values: builtIn},
		system,
		{source: FromFile, file: user, values: file},
		{source: FromEnv, values: env},
		{source: FromFlag, values: flags},
	}, nil
}

// samePartyPair refuses a client id given by the person (or by the administrator) with
// a client secret left from a weaker layer that is someone else's (the system file's, or
// the built-in one): the pair would be two OAuth apps' halves, and AtomGit would refuse
// every sign-in with a message that names neither.
func samePartyPair(raw map[string]Value) error {
	id, secret := raw["client_id"], raw["client_secret"]
	if id.Value == "" || secret.Value == "" || !stronger(id.Source, secret.Source) ||
		(secret.Source != FromBuiltIn && secret.Source != FromSystemFile) {
		return nil
	}
	return &Error{Setting: byKey("client_secret").nameIn(secret),
		Msg: "belongs to another OAuth app than " + byKey("client_id").nameIn(id) + ": set that app's client secret too"}
}

// builtInSettings is the built-in settings as built (base64 of a JSON object), or those
// a test gave the Loader.
func (l *Loader) builtInSettings() string {
	if l.builtIn != "" {
		return l.builtIn
	}
	return builtIn
}

// readBuiltIn reads the settings built into the program. They may not name files
// (client_secret_file, logo): those would be paths on the machine it was built on.
func readBuiltIn(encoded string) (map[string]string, error) {
	if encoded == "" {
		return nil, nil
	}
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, &Error{Setting: builtInName, Msg: "are not base64: the build went wrong (scripts/build --settings)"}
	}
	m, err := parseSettings(data, builtInName)
	if err != nil {
		return nil, err
	}
	for _, key := range []string{"client_secret_file", "logo"} {
		if _, ok := m[key]; ok {
			return nil, &Error{Setting: key + " in " + builtInName,
				Msg: "names a file, which is one on the person's computer: put it in the system file, not in the build"}
		}
	}
	return m, nil
}

// readSystemFile reads the system-wide settings file: the first of SystemFiles that
// exists, refused when someone other than the administrator (or the person) may write it.
// With none it is an empty layer that names the first place looked at.
func readSystemFile(getenv func(string) string) (layer, error) {
	paths := systemFiles(getenv)
	ly := layer{source: FromSystemFile, file: firstExisting(paths)}
	if ly.file == "" {
		return ly, nil
	}
	data, err := readOwned(ly.file)
	if errors.Is(err, fs.ErrNotExist) {
		return ly, nil
	}
	var ce *Error
	if errors.As(err, &ce) {
		return ly, err
	}
	if err != nil {
		return ly, &Error{Setting: "system file", Msg: fmt.Sprintf("cannot read %s: %v", ly.file, unwrapPath(err))}
	}
	ly.values, err = parseSettings(data, ly.file)
	return ly, err
}

// firstExisting is the first of paths that exists, or the first of them if none does
// (where one would be read), or "" for none.
func firstExisting(paths []string) string {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if len(paths) > 0 {
		return paths[0]
	}
	return ""
}

// readFile reads the person's JSON config file: an object of string values keyed by
// setting. A missing default file is no error; a missing file that was asked for is.
func readFile(path string, explicit bool) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Setting: "config file", Msg: fmt.Sprintf("cannot read %s: %v", path, unwrapPath(err))}
	}
	return parseSettings(data, path)
}

// parseSettings reads a JSON object of settings; name says where it came from, for
// messages (a file's path, or the built-in settings).
func parseSettings(data []byte, name string) (map[string]string, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, &Error{Setting: "config file", Msg: fmt.Sprintf("%s is not a JSON object: %v", name, jsonProblem(data, err))}
	}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.key] = true
	}
	out := map[string]string{}
	for k, v := range m {
		if !known[k] {
			return nil, &Error{Setting: k + " in " + name, Msg: "unknown setting (known: " + strings.Join(keys(), ", ") + ")"}
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
					return nil, &Error{Setting: k + " in " + name, Msg: "must be a string or a list of strings"}
				}
				parts = append(parts, s)
			}
			out[k] = strings.Join(parts, " ")
		default:
			return nil, &Error{Setting: k + " in " + name, Msg: "must be a string"}
		}
	}
	return out, nil
}

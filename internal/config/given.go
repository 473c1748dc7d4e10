package config

import "errors"

// FromProgram is a value that a program gave in its code (the public auth package's
// Config), rather than the person.
const FromProgram Source = "program"

// Given resolves the settings that a program gives in its code, by file key (values;
// an empty value is not given), over the defaults, with the same checks as Load: no
// file, variable or flag is read, and nothing is built in. A bad value is an *Error whose
// Setting is name(key), the setting as that program names it. The token file of the
// file storage is the caller's to set: Given leaves it relative ("tokens.json").
func Given(values map[string]string, name func(key string) string) (*Config, error) {
	raw := map[string]Value{}
	for _, s := range settings {
		v := Value{Key: s.key, Env: s.env, Secret: s.secret, Source: FromDefault}
		if x := values[s.key]; x != "" {
			v.Value, v.Source = x, FromProgram
		}
		raw[s.key] = v
	}
	for key := range values {
		byKey(key) // a program's mistake, not a person's: panics on an unknown key
	}
	c, err := resolve(raw, "")
	if e, ok := errors.AsType[*Error](err); ok && e.key != "" && name != nil {
		return nil, &Error{Setting: name(e.key), Msg: e.Msg, key: e.key}
	}
	return c, err
}

// CheckCredentialURL accepts a URL that credentials may be sent to: https, or http to a
// loopback address only. Its error says so, naming v.
func CheckCredentialURL(v string) error { return checkCredentialURL(v) }

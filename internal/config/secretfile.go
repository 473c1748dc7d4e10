package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// FromSecretFile is the source of a client secret read from the file that the
// client_secret_file setting names.
const FromSecretFile Source = "client_secret_file"

// maxSecretFile bounds what is read for a client secret: a secret is short, and a wrong
// file (or an endless standard input) must not be read whole.
const maxSecretFile = 64 << 10

// secretFromFile reads the client secret from the file that client_secret_file names
// (standard input for "-", as a flag only) into raw["client_secret"]. When both settings
// are given the stronger source wins; given the same way, they are an error. The file's
// contents never appear in a message.
func (l *Loader) secretFromFile(raw map[string]Value) error {
	fv, sv := raw["client_secret_file"], raw["client_secret"]
	if fv.Value == "" {
		return nil
	}
	name := byKey("client_secret_file").nameIn(fv)
	if sv.Value != "" && sv.Source != FromDefault {
		switch {
		case stronger(sv.Source, fv.Source):
			return nil
		case sv.Source == fv.Source:
			return &Error{Setting: name, Msg: "and " + byKey("client_secret").nameIn(sv) + " are both set: keep one"}
		}
	}
	secret, err := l.readSecret(fv)
	if err != nil {
		return &Error{Setting: name, Msg: err.Error()}
	}
	sv.Value, sv.Source = secret, FromSecretFile
	raw["client_secret"] = sv
	return nil
}

// readSecret reads the file that fv names, without its trailing line break. A relative
// path in a config file is taken from that file's folder.
func (l *Loader) readSecret(fv Value) (string, error) {
	var r io.Reader
	var what string // the file, as messages name it
	switch {
	case fv.Value == "-" && fv.Source != FromFlag:
		return "", errors.New(`"-" (standard input) works only as the flag --client-secret-file -`)
	case fv.Value == "-" && l.Stdin == nil:
		return "", errors.New("standard input is not available to this command: name a file with --client-secret-file")
	case fv.Value == "-":
		r, what = l.Stdin, "standard input"
	default:
		path := fv.Value
		if fv.File != "" && !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(fv.File), path)
		}
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
		}
		defer f.Close()
		r, what = f, path
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSecretFile+1))
	switch {
	case err != nil:
		return "", fmt.Errorf("cannot read %s: %v", what, unwrapPath(err))
	case len(b) > maxSecretFile:
		return "", fmt.Errorf("%s is larger than %d KiB: it must hold only the OAuth app's client secret", what, maxSecretFile>>10)
	}
	secret := strings.TrimRight(string(b), "\r\n")
	if secret == "" {
		return "", fmt.Errorf("%s is empty: it must hold the OAuth app's client secret", what)
	}
	return secret, nil
}

// byKey is the setting with this key.
func byKey(key string) setting {
	for _, s := range settings {
		if s.key == key {
			return s
		}
	}
	panic("config: no setting " + key)
}

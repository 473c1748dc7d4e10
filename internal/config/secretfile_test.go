package config

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jsonString is s as a JSON string (a Windows path has backslashes to escape).
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// secretFile writes content to a file of the test's own and returns its path.
func secretFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClientSecretFromAFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		args    func(path string) []string
		env     func(path string) map[string]string
		file    func(path string) string
	}{
		{name: "flag", content: "s3cret\n", args: func(p string) []string { return []string{"--client-secret-file", p} }},
		{name: "flag, CRLF", content: "s3cret\r\n", args: func(p string) []string { return []string{"--client-secret-file=" + p} }},
		{name: "variable", content: "s3cret", env: func(p string) map[string]string { return map[string]string{"ATOMGIT_CLIENT_SECRET_FILE": p} }},
		{name: "config file", content: "s3cret\n", file: func(p string) string { return `{"client_secret_file": ` + jsonString(p) + `}` }},
		{name: "flag over a secret in the file", content: "s3cret\n",
			args: func(p string) []string { return []string{"--client-secret-file", p} },
			file: func(string) string { return `{"client_secret": "weaker"}` }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := secretFile(t, tc.content)
			var args []string
			env := map[string]string{"ATOMGIT_CLIENT_ID": "id"}
			file := ""
			if tc.args != nil {
				args = tc.args(path)
			}
			if tc.env != nil {
				for k, v := range tc.env(path) {
					env[k] = v
				}
			}
			if tc.file != nil {
				file = tc.file(path)
			}
			c, err := load(t, args, env, file)
			if err != nil {
				t.Fatal(err)
			}
			if c.ClientSecret != "s3cret" {
				t.Errorf("secret = %q, want %q", c.ClientSecret, "s3cret")
			}
			for _, v := range c.Values() {
				if v.Key == "client_secret" && (!v.Secret || v.Source != FromSecretFile) {
					t.Errorf("client_secret listed as %+v: want it secret, from %s", v, FromSecretFile)
				}
				if !v.Secret && strings.Contains(v.Value, "s3cret") {
					t.Errorf("%s shows the secret: %q", v.Key, v.Value)
				}
			}
		})
	}
}

func TestClientSecretFromStandardInput(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	l := AddFlags(fs)
	if err := fs.Parse([]string{"--client-secret-file", "-", "--config", secretFile(t, "{}")}); err != nil {
		t.Fatal(err)
	}
	l.Getenv = func(string) string { return "" }
	l.Stdin = strings.NewReader("from-stdin\n")
	c, err := l.Load()
	if err != nil || c.ClientSecret != "from-stdin" {
		t.Fatalf("secret %q, %v; want from-stdin", c.ClientSecret, err)
	}

	l.Stdin = nil // a command whose standard input is not the person's (git-credential)
	if _, err := l.Load(); err == nil || !strings.Contains(err.Error(), "--client-secret-file") {
		t.Errorf("without standard input: %v, want an error naming --client-secret-file", err)
	}
}

func TestBadClientSecretFileNamesTheSetting(t *testing.T) {
	empty := secretFile(t, "\n")
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string // the setting named
	}{
		{"empty file, flag", []string{"--client-secret-file", empty}, nil, "--client-secret-file"},
		{"empty file, variable", nil, map[string]string{"ATOMGIT_CLIENT_SECRET_FILE": empty}, "ATOMGIT_CLIENT_SECRET_FILE"},
		{"missing file", []string{"--client-secret-file", "/nonexistent/secret"}, nil, "--client-secret-file"},
		{"standard input from a variable", nil, map[string]string{"ATOMGIT_CLIENT_SECRET_FILE": "-"}, "ATOMGIT_CLIENT_SECRET_FILE"},
		{"both given the same way", nil, map[string]string{"ATOMGIT_CLIENT_SECRET_FILE": secretFile(t, "a"), "ATOMGIT_CLIENT_SECRET": "b"}, "ATOMGIT_CLIENT_SECRET_FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.args, tc.env, "")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if ce.Setting != tc.want {
				t.Errorf("setting = %q, want %q (%v)", ce.Setting, tc.want, err)
			}
		})
	}
}

// A secret file's contents never appear in a message, even when it is not a secret.
func TestClientSecretFileErrorsHideTheContents(t *testing.T) {
	big := secretFile(t, strings.Repeat("x", 1<<20)+"tail-of-the-secret")
	_, err := load(t, []string{"--client-secret-file", big}, nil, "")
	if err == nil || strings.Contains(err.Error(), "tail-of-the-secret") || strings.Contains(err.Error(), "xxxx") {
		t.Errorf("err = %.200v, want an error without the contents", err)
	}
}

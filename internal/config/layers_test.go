package config

import (
	"encoding/base64"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// layered is every source of settings a test gives: the built-in settings (JSON), the
// system file's and the user file's contents ("" for no file), variables and flags.
type layered struct {
	builtIn, system, user string
	env                   map[string]string
	args                  []string
}

// loadLayers runs a Loader over every layer of l. The system file is written where the
// platform looks for it, under a folder of the test's own (XDG_CONFIG_DIRS, ProgramData);
// it returns the Config and the system file's path.
func loadLayers(t *testing.T, l layered) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	system := systemFileIn(t, dir)
	if l.system != "" {
		if err := os.MkdirAll(filepath.Dir(system), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(system, []byte(l.system), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	user := filepath.Join(dir, "user", "config.json")
	if l.user != "" {
		if err := os.MkdirAll(filepath.Dir(user), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(user, []byte(l.user), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	ld := AddFlags(fs)
	if err := fs.Parse(l.args); err != nil {
		t.Fatal(err)
	}
	ld.builtIn = base64.StdEncoding.EncodeToString([]byte(l.builtIn))
	ld.Getenv = func(k string) string {
		if v, ok := l.env[k]; ok {
			return v
		}
		switch {
		case k == "ATOMGIT_CONFIG" && l.user != "":
			return user
		case k == "HOME", k == "AppData": // no file of the person's there
			return filepath.Join(dir, "home")
		case k == "XDG_CONFIG_DIRS", k == "ProgramData":
			return filepath.Join(dir, "system")
		}
		return ""
	}
	c, err := ld.Load()
	return c, system, err
}

// systemFileIn is where the system file is looked for with XDG_CONFIG_DIRS (or
// ProgramData) set to dir/system. macOS has one fixed place, which a test cannot use.
func systemFileIn(t *testing.T, dir string) string {
	t.Helper()
	if runtime.GOOS == "darwin" {
		t.Skip("macOS's system file is /Library/Application Support/atomgit-login/config.json, which a test may not write")
	}
	return filepath.Join(dir, "system", "atomgit-login", "config.json")
}

// Each layer beats the ones under it: flag > variable > user file > system file >
// built in > default. Every setting here is given by one layer more than the one before.
func TestEveryLayerBeatsTheOnesUnderIt(t *testing.T) {
	c, system, err := loadLayers(t, layered{
		builtIn: `{"client_id": "built-in", "client_secret": "s", "app_name": "Built In", "tagline": "built in", "signin_timeout": "2m", "accent": "#111111", "scopes": "b"}`,
		system:  `{"app_name": "System", "tagline": "system", "signin_timeout": "3m", "accent": "#222222", "scopes": "s"}`,
		user:    `{"tagline": "user", "signin_timeout": "4m", "accent": "#333333", "scopes": "u"}`,
		env:     map[string]string{"ATOMGIT_SIGNIN_TIMEOUT": "5m", "ATOMGIT_ACCENT": "#444444", "ATOMGIT_SCOPES": "e"},
		args:    []string{"--accent", "#555555"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key, value string
		from       Source
		file       string
	}{
		{"profile", "2023", FromDefault, ""},
		{"client_id", "built-in", FromBuiltIn, ""},
		{"app_name", "System", FromSystemFile, system},
		{"tagline", "user", FromFile, c.File},
		{"signin_timeout", "5m", FromEnv, ""},
		{"accent", "#555555", FromFlag, ""},
	} {
		if v := value(c, tc.key); v.Value != tc.value || v.Source != tc.from || v.File != tc.file {
			t.Errorf("%s = %q from %s (file %q), want %q from %s (file %q)", tc.key, v.Value, v.Source, v.File, tc.value, tc.from, tc.file)
		}
	}
	if c.ClientID != "built-in" || c.AppName != "System" || c.Tagline != "user" || c.Accent != "#555555" || !c.Configured() {
		t.Errorf("config = %+v", c)
	}
	if c.SystemFile != system {
		t.Errorf("SystemFile = %q, want %q", c.SystemFile, system)
	}
}

// A build with a client id built in is configured with no file or variable of the
// person's: the window opens on "Sign in with AtomGit".
func TestBuiltInClientIDConfiguresTheApp(t *testing.T) {
	c, _, err := loadLayers(t, layered{builtIn: `{"client_id": "distro", "client_secret": "distro-secret", "profile": "current"}`})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Configured() || c.ClientID != "distro" || c.ClientSecret != "distro-secret" || c.Profile != "current" {
		t.Errorf("config = %+v", c)
	}
	// The person's own settings still win.
	c, _, err = loadLayers(t, layered{
		builtIn: `{"client_id": "distro", "client_secret": "distro-secret"}`,
		user:    `{"client_id": "mine", "client_secret": "my-secret"}`,
	})
	if err != nil || c.ClientID != "mine" || c.ClientSecret != "my-secret" {
		t.Errorf("over the built-in settings, the user's file: %+v, %v", c, err)
	}
}

// A client id of the person's own with the built-in (or the system file's) secret is
// two OAuth apps' halves: refused, naming both. The same layer, or a secret of the
// person's, is fine.
func TestAClientIDNeedsItsOwnSecret(t *testing.T) {
	built := `{"client_id": "distro", "client_secret": "distro-secret"}`
	for _, tc := range []struct {
		name string
		l    layered
		ok   bool
	}{
		{"the person's id, the built-in secret", layered{builtIn: built, env: map[string]string{"ATOMGIT_CLIENT_ID": "mine"}}, false},
		{"the system file's id, the built-in secret", layered{builtIn: built, system: `{"client_id": "company"}`}, false},
		{"the person's id, the system file's secret", layered{system: `{"client_id": "company", "client_secret": "s"}`, user: `{"client_id": "mine"}`}, false},
		{"the person's id and secret", layered{builtIn: built, user: `{"client_id": "mine"}`, env: map[string]string{"ATOMGIT_CLIENT_SECRET": "my-secret"}}, true},
		{"the built-in pair, the person's endpoints", layered{builtIn: built, user: `{"token_url": "https://git.example/token"}`}, true},
		{"the person's secret for the built-in id", layered{builtIn: built, env: map[string]string{"ATOMGIT_CLIENT_SECRET": "rotated"}}, true},
	} {
		_, _, err := loadLayers(t, tc.l)
		var ce *Error
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !tc.ok && (!errors.As(err, &ce) || !strings.Contains(ce.Error(), "client_secret") || !strings.Contains(ce.Msg, "client_id") && !strings.Contains(ce.Msg, "ATOMGIT_CLIENT_ID")):
			t.Errorf("%s: %v, want the pair refused", tc.name, err)
		}
	}
}

// A relative logo or secret file in the system file is taken from the system file's
// folder, as in the user's file from that one.
func TestRelativePathsInTheSystemFile(t *testing.T) {
	dir := t.TempDir()
	sys := filepath.Join(systemFileIn(t, dir), "..")
	if err := os.MkdirAll(sys, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"logo.png": pngHead, "secret": "system-secret\n"} {
		if err := os.WriteFile(filepath.Join(sys, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, system, err := loadLayersAt(t, dir, `{"logo": "logo.png", "client_id": "id", "client_secret_file": "secret"}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(system), "logo.png"); c.Logo != want {
		t.Errorf("logo = %q, want %q", c.Logo, want)
	}
	if c.ClientSecret != "system-secret" {
		t.Errorf("client secret = %q, want the system file's secret file's", c.ClientSecret)
	}
}

// loadLayersAt loads with only a system file, under dir: the one there already when
// system is "", else one that holds system.
func loadLayersAt(t *testing.T, dir, system string) (*Config, string, error) {
	t.Helper()
	path := systemFileIn(t, dir)
	if system != "" {
		if err := os.WriteFile(path, []byte(system), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := &Loader{Getenv: func(k string) string {
		switch k {
		case "HOME", "AppData":
			return filepath.Join(dir, "home")
		case "XDG_CONFIG_DIRS", "ProgramData":
			return filepath.Join(dir, "system")
		}
		return ""
	}}
	c, err := l.Load()
	return c, path, err
}

// The system file is the first that exists in XDG_CONFIG_DIRS; relative entries are
// ignored (the XDG spec), and with the variable unset it is /etc/xdg's.
func TestSystemFileIsTheFirstInXDGConfigDirs(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG_CONFIG_DIRS is for Linux and the BSDs")
	}
	a, b := t.TempDir(), t.TempDir()
	file := filepath.Join(b, "atomgit-login", "config.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(`{"app_name": "From B"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dirs, want string }{
		{"relative:" + a + ":" + b, file},
		{a, filepath.Join(a, "atomgit-login", "config.json")}, // none exists: the first place
		{"", "/etc/xdg/atomgit-login/config.json"},
	} {
		got := systemFiles(func(k string) string {
			if k == "XDG_CONFIG_DIRS" {
				return tc.dirs
			}
			return ""
		})
		if first := firstExisting(got); first != tc.want {
			t.Errorf("XDG_CONFIG_DIRS=%q: system file %q, want %q", tc.dirs, first, tc.want)
		}
	}
}

// A bad value in the system file or the built-in settings is named as such.
func TestBadValuesInTheNewLayersNameTheirSource(t *testing.T) {
	_, system, err := loadLayers(t, layered{system: `{"accent": "red"}`})
	var ce *Error
	if !errors.As(err, &ce) || ce.Setting != "accent in "+system {
		t.Errorf("a bad accent in the system file: %v", err)
	}
	_, _, err = loadLayers(t, layered{builtIn: `{"signin_timeout": "forever"}`})
	if !errors.As(err, &ce) || ce.Setting != "signin_timeout in the built-in settings" {
		t.Errorf("a bad timeout built in: %v", err)
	}
	_, system, err = loadLayers(t, layered{system: `{"client_idd": "x"}`})
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, "client_idd in "+system) {
		t.Errorf("an unknown key in the system file: %v", err)
	}
}

// The built-in settings cannot name files: they would be files on the build machine.
// Those belong in the system file.
func TestBuiltInSettingsNameNoFiles(t *testing.T) {
	for _, key := range []string{"logo", "client_secret_file"} {
		_, _, err := loadLayers(t, layered{builtIn: `{"` + key + `": "/usr/share/x"}`})
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != key+" in the built-in settings" || !strings.Contains(ce.Msg, "system file") {
			t.Errorf("%s built in: %v", key, err)
		}
	}
}

// A system file that others may write is refused, with its path: whoever can write it
// decides where every person on the machine signs in.
func TestASystemFileOthersMayWriteIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has owners and ACLs, not mode bits: systemfile_windows.go")
	}
	dir := t.TempDir()
	path := systemFileIn(t, dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"token_url": "https://evil.example/token"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	_, _, err := loadLayersAt(t, dir, "")
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), path) || !strings.Contains(ce.Msg, "writable") {
		t.Errorf("a world-writable system file: %v", err)
	}
}

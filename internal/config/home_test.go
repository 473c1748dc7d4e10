package config

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestConfigFileIsInTheHomeFolder(t *testing.T) {
	type testCase struct {
		name string
		env  map[string]string
		want string
	}
	cases := []testCase{
		{"HOME", map[string]string{"HOME": "/home/a"}, "/home/a/.config/atomgit-login/config.json"},
		{"XDG_CONFIG_HOME", map[string]string{"HOME": "", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/atomgit-login/config.json"},
		{"XDG_CONFIG_HOME over HOME", map[string]string{"HOME": "/home/a", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/atomgit-login/config.json"},
		{"explicit file without a home", map[string]string{"HOME": "", "ATOMGIT_CONFIG": "/etc/x.json"}, "/etc/x.json"},
	}
	if runtime.GOOS == "windows" { // as os.UserConfigDir: %AppData%; HOME and XDG mean nothing there
		roaming := `C:\Users\a\AppData\Roaming`
		cases = []testCase{
			{"AppData", map[string]string{"AppData": roaming}, roaming + `\atomgit-login\config.json`},
			{"AppData over HOME and XDG_CONFIG_HOME", map[string]string{"AppData": roaming, "HOME": `C:\home`, "XDG_CONFIG_HOME": `C:\cfg`},
				roaming + `\atomgit-login\config.json`},
			{"explicit file without a home", map[string]string{"AppData": "", "ATOMGIT_CONFIG": `C:\etc\x.json`}, `C:\etc\x.json`},
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, nil, tc.env, "")
			if tc.env["ATOMGIT_CONFIG"] != "" {
				// A named file must exist; what matters is that it is the one read.
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want one about %s", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.File != tc.want {
				t.Errorf("file = %q, want %q", c.File, tc.want)
			}
		})
	}
}

// Without a home folder the config file was read from the current folder, where a
// cloned repository could configure the app.
func TestNoHomeFolderIsRefused(t *testing.T) {
	type noHome struct {
		name    string
		env     map[string]string
		setting string
	}
	cases := []noHome{
		{"neither", map[string]string{"HOME": ""}, "HOME"},
		{"relative XDG_CONFIG_HOME", map[string]string{"HOME": "", "XDG_CONFIG_HOME": "cfg"}, "XDG_CONFIG_HOME"},
		{"relative HOME", map[string]string{"HOME": "."}, "HOME"},
	}
	if runtime.GOOS == "windows" {
		cases = cases[:0]
		cases = append(cases, noHome{"no AppData", map[string]string{"AppData": ""}, "AppData"},
			noHome{"relative AppData", map[string]string{"AppData": `Roaming`}, "AppData"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, nil, tc.env, "")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (file %q), want a *config.Error", err, fileOf(c))
			}
			if ce.Setting != tc.setting || !strings.Contains(err.Error(), "ATOMGIT_CONFIG") {
				t.Errorf("err = %v: want it to name %s and say how to name a file instead", err, tc.setting)
			}
		})
	}
	if _, err := DefaultFile(func(string) string { return "" }); err == nil {
		t.Error("DefaultFile without a home folder: no error")
	}
}

func fileOf(c *Config) string {
	if c == nil {
		return ""
	}
	return filepath.Clean(c.File)
}

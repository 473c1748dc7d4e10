package window

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// infoWith is the window's Info under these settings.
func infoWith(t *testing.T, vars map[string]string) Info {
	t.Helper()
	h, err := NewHost(envWith(t, vars), HostOptions{Path: "/", Options: Options{Started: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	return h.Controller().Info()
}

// envWith is a world with these settings (and an empty config file), its tokens in memory.
func envWith(t *testing.T, vars map[string]string) *wiring.Env {
	t.Helper()
	vars["ATOMGIT_CONFIG"] = filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(vars["ATOMGIT_CONFIG"], []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return vars[k] }
	cfg, err := (&config.Loader{Getenv: getenv}).Load()
	if err != nil {
		t.Fatal(err)
	}
	return &wiring.Env{Config: cfg, Store: &keyring.Memory{}, Getenv: getenv}
}

func TestInfoCarriesTheBrand(t *testing.T) {
	logo := filepath.Join(t.TempDir(), "acme.svg")
	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o600); err != nil {
		t.Fatal(err)
	}
	info := infoWith(t, map[string]string{"ATOMGIT_ACCENT": "#1F6FEB", "ATOMGIT_LOGO": logo})
	want, _ := brand.NewPalette("#1f6feb")
	if info.Accent == nil || *info.Accent != want {
		t.Errorf("accent = %+v, want %+v", info.Accent, want)
	}
	if info.LogoURL != brand.LogoPath {
		t.Errorf("logo_url = %q, want %q (never the file's path)", info.LogoURL, brand.LogoPath)
	}
}

// Without brand settings the page gets no accent or logo fields, and keeps its own look.
func TestInfoWithoutABrandLeavesTheBuiltInLook(t *testing.T) {
	b, err := json.Marshal(infoWith(t, map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"accent"`, `"logo_url"`} {
		if strings.Contains(string(b), field) {
			t.Errorf("info = %s, want no %s", b, field)
		}
	}
}

// The default tagline is in the window's language; a configured one is shown as given,
// in every language, even when it is the default's English words.
func TestTheDefaultTaglineSpeaksTheWindowsLanguage(t *testing.T) {
	for _, c := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"English, default", map[string]string{"LANG": "en_US.UTF-8"}, config.DefaultTagline},
		{"Chinese, default", map[string]string{"LANG": "zh_CN.UTF-8"}, "登录一次，你的 AtomGit 工具都保持登录。"},
		{"Chinese, configured", map[string]string{"LANG": "zh_CN.UTF-8", "ATOMGIT_TAGLINE": "One sign-in for Acme."}, "One sign-in for Acme."},
		{"Chinese, configured as the default's words", map[string]string{"LANG": "zh_CN.UTF-8", "ATOMGIT_TAGLINE": config.DefaultTagline}, config.DefaultTagline},
	} {
		if got := infoWith(t, c.vars).Tagline; got != c.want {
			t.Errorf("%s: tagline = %q, want %q", c.name, got, c.want)
		}
	}
}

package window

import (
	"encoding/json"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// The page gets the app's settings and where each came from, to show when AtomGit
// refuses them, but never the client secret, nor its last characters.
func TestInfoShowsTheAppsSettingsWithoutTheSecret(t *testing.T) {
	h := newHarness(t, true)
	info := h.c.Info()
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), fakeatomgit.DefaultClientSecret) || strings.Contains(string(b), config.Mask(fakeatomgit.DefaultClientSecret)) {
		t.Fatalf("Info holds the client secret: %s", b)
	}
	want := []SettingInfo{
		{Key: "client_id", Name: "ATOMGIT_CLIENT_ID", Source: config.FromEnv, Value: fakeatomgit.DefaultClientID, Set: true},
		{Key: "client_secret", Name: "ATOMGIT_CLIENT_SECRET", Source: config.FromEnv, Set: true},
		{Key: "redirect_uri", Name: "ATOMGIT_REDIRECT_URI", Source: config.FromEnv, Value: "http://127.0.0.1:0/callback", Set: true},
		{Key: "scopes", Name: "ATOMGIT_SCOPES", Source: config.FromDefault},
		{Key: "profile", Name: "ATOMGIT_PROFILE", Source: config.FromDefault, Value: "2023", Set: true},
	}
	if len(info.Settings) != len(want) {
		t.Fatalf("settings %+v, want %+v", info.Settings, want)
	}
	for i := range want {
		if info.Settings[i] != want[i] {
			t.Errorf("setting %d = %+v, want %+v", i, info.Settings[i], want[i])
		}
	}
}

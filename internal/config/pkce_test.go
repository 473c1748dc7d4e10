package config

import (
	"errors"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

func TestPKCEDefaultsFollowTheProfile(t *testing.T) {
	for _, tc := range []struct {
		profile string
		want    atomgit.PKCE
	}{
		{"", atomgit.PKCEOff}, // 2023: AtomGit's 2023 documentation shows no PKCE
		{"2023", atomgit.PKCEOff},
		{"current", atomgit.PKCES256},
	} {
		c, err := load(t, nil, map[string]string{"ATOMGIT_PROFILE": tc.profile}, "")
		if err != nil {
			t.Fatal(err)
		}
		if c.Endpoint.PKCE != tc.want {
			t.Errorf("profile %q: PKCE = %q, want %q", tc.profile, c.Endpoint.PKCE, tc.want)
		}
		if v := value(c, "pkce"); v.Value != string(tc.want) || v.Source != FromDefault || v.Env != "ATOMGIT_PKCE" {
			t.Errorf("profile %q: the pkce setting is %+v", tc.profile, v)
		}
	}
}

func TestPKCEOverrides(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want atomgit.PKCE
		src  Source
	}{
		{"variable turns it on for 2023", nil, map[string]string{"ATOMGIT_PKCE": "s256"}, "", atomgit.PKCES256, FromEnv},
		{"flag turns it off for current", []string{"--pkce", "off"}, map[string]string{"ATOMGIT_PROFILE": "current"}, "", atomgit.PKCEOff, FromFlag},
		{"file, in the RFC's spelling", nil, nil, `{"pkce": "S256"}`, atomgit.PKCES256, FromFile},
		{"flag over variable over file", []string{"--pkce=s256"}, map[string]string{"ATOMGIT_PKCE": "off"}, `{"pkce": "off"}`, atomgit.PKCES256, FromFlag},
		{"variable over file", nil, map[string]string{"ATOMGIT_PKCE": "off", "ATOMGIT_PROFILE": "current"}, `{"pkce": "s256"}`, atomgit.PKCEOff, FromEnv},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, tc.args, tc.env, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if c.Endpoint.PKCE != tc.want || value(c, "pkce").Source != tc.src {
				t.Errorf("PKCE = %q from %s, want %q from %s", c.Endpoint.PKCE, value(c, "pkce").Source, tc.want, tc.src)
			}
		})
	}
}

func TestBadPKCENamesTheSetting(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want string
	}{
		{"variable", nil, map[string]string{"ATOMGIT_PKCE": "plain"}, "", "ATOMGIT_PKCE"},
		{"flag", []string{"--pkce", "on"}, nil, "", "--pkce"},
		{"file", nil, nil, `{"pkce": "true"}`, "pkce in "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.args, tc.env, tc.file)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if !strings.HasPrefix(ce.Setting, tc.want) || !strings.Contains(ce.Msg, "s256 or off") {
				t.Errorf("err = %v, want it to name %s and say s256 or off", err, tc.want)
			}
		})
	}
}

// value is the resolved setting key.
func value(c *Config, key string) Value {
	for _, v := range c.Values() {
		if v.Key == key {
			return v
		}
	}
	return Value{}
}

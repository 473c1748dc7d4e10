package wailsauth_test

import (
	"errors"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/auth/wailsauth"
)

// The app's brand is checked as atomgit-login's settings are, and a wrong one is named.
func TestNewChecksTheBrand(t *testing.T) {
	for _, c := range []struct {
		b    wailsauth.Brand
		name string
	}{
		{wailsauth.Brand{Accent: "green"}, "Brand.Accent"},
		{wailsauth.Brand{Logo: []byte("GIF89a")}, "Brand.Logo"},
		{wailsauth.Brand{Logo: []byte{}}, "Brand.Logo"},
	} {
		_, err := wailsauth.New(standIn(), c.b)
		var e *auth.Error
		if !errors.Is(err, auth.ErrMisconfigured) || !errors.As(err, &e) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("New with %+v: %v, want ErrMisconfigured naming %s", c.b, err, c.name)
		}
	}
	ok := wailsauth.Brand{Name: "Acme", Accent: "#0a7", Logo: []byte("\x89PNG\r\n\x1a\n...")}
	if _, err := wailsauth.New(standIn(), ok); err != nil {
		t.Errorf("New with %+v: %v", ok, err)
	}
}

// Without a client id the page shows how to set one up, as atomgit-login's window does,
// and the app's Go code has no session; so `wails build`, which runs the program to make
// its bindings, needs no OAuth app.
func TestNewWithoutAnOAuthApp(t *testing.T) {
	login, err := wailsauth.New(auth.Config{}, wailsauth.Brand{Name: "Acme"})
	if err != nil {
		t.Fatalf("New without a client id: %v", err)
	}
	login.Startup(t.Context())
	defer login.Shutdown(t.Context())
	if err := login.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
	if s := login.Session(); s != nil {
		t.Errorf("Session = %v, want none", s)
	}
	if info := login.Service().Info(); info.Configured || info.AppName != "Acme" {
		t.Errorf("Info = %+v, want the unconfigured screen of Acme", info)
	}
	if _, err := wailsauth.New(auth.Config{RedirectURI: "ftp://x"}, wailsauth.Brand{}); !errors.Is(err, auth.ErrMisconfigured) {
		t.Errorf("New with a wrong redirect URI: %v, want ErrMisconfigured", err)
	}
}

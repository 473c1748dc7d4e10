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
	if _, err := wailsauth.New(auth.Config{}, wailsauth.Brand{}); !errors.Is(err, auth.ErrMisconfigured) {
		t.Errorf("New without a client id: %v, want ErrMisconfigured", err)
	}
	ok := wailsauth.Brand{Name: "Acme", Accent: "#0a7", Logo: []byte("\x89PNG\r\n\x1a\n...")}
	if _, err := wailsauth.New(standIn(), ok); err != nil {
		t.Errorf("New with %+v: %v", ok, err)
	}
}

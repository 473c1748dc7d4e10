package config

import (
	"errors"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// A program's settings get the defaults and the checks of a person's, and a bad one is
// named as the program names it.
func TestGivenSettingsAreCheckedAndNamedAsTheProgramNamesThem(t *testing.T) {
	name := func(key string) string { return "Config." + key }
	c, err := Given(map[string]string{"client_id": "id", "client_secret": "secret", "pkce": "s256"}, name)
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint.TokenURL != atomgit.Endpoint2023.TokenURL || c.RedirectURI != DefaultRedirectURI || c.Endpoint.PKCE != atomgit.PKCES256 {
		t.Errorf("defaults and values: %+v", c)
	}
	_, err = Given(map[string]string{"client_id": "id", "client_secret": "secret", "redirect_uri": "https://example.com/cb"}, name)
	var ce *Error
	if !errors.As(err, &ce) || ce.Setting != "Config.redirect_uri" || !strings.Contains(ce.Msg, "loopback") {
		t.Errorf("a bad redirect URI: %v", err)
	}
	_, err = Given(map[string]string{"client_id": "id"}, name)
	if !errors.As(err, &ce) || ce.Setting != "Config.client_secret" {
		t.Errorf("a client id without its secret: %v", err)
	}
}

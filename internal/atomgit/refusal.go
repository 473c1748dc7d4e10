package atomgit

import (
	"errors"
	"net/http"
	"strings"
)

// RefusedSetting says whether err is AtomGit refusing the OAuth app itself, not the
// person's grant: its client secret or client id at the token endpoint. setting is the
// setting most likely wrong, by its config key. At the token endpoint invalid_client (or,
// for an exchange, a 401 without an OAuth code: RFC 6749 5.2) means the secret, as the
// code being exchanged was issued to this client id; unauthorized_client means the app's
// registration does not allow the sign-in, its client id.
func RefusedSetting(err error) (setting string, ok bool) {
	var e *Error
	if !errors.As(err, &e) || e.temporary() {
		return "", false
	}
	switch e.Op {
	case "exchange", "refresh", "token":
	default:
		return "", false
	}
	switch code := strings.ToLower(e.Code); {
	case code == "invalid_client":
		return "client_secret", true
	case code == "unauthorized_client":
		return "client_id", true
	case code == "" && e.Op == "exchange" && e.StatusCode == http.StatusUnauthorized:
		return "client_secret", true
	}
	return "", false
}

// RefusedSettingByCode is RefusedSetting for an OAuth error code sent on the callback (its
// error parameter): the authorize request named a client, a redirect URI, scopes or a
// response type the server does not accept for this app. ok is false for a code that is
// not about the app's settings (access_denied: the person said no).
func RefusedSettingByCode(code string) (setting string, ok bool) {
	switch strings.ToLower(code) {
	case "unauthorized_client", "invalid_client":
		return "client_id", true
	case "redirect_uri_mismatch":
		return "redirect_uri", true
	case "invalid_scope":
		return "scopes", true
	case "unsupported_response_type":
		return "profile", true
	}
	return "", false
}

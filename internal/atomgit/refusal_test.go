package atomgit

import (
	"errors"
	"net/http"
	"testing"
)

func TestRefusedSetting(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string // "" for not the app's settings
	}{
		{&Error{Op: "exchange", StatusCode: http.StatusUnauthorized, Code: "invalid_client"}, "client_secret"},
		{&Error{Op: "refresh", StatusCode: http.StatusBadRequest, Code: "INVALID_CLIENT"}, "client_secret"},
		{&Error{Op: "exchange", StatusCode: http.StatusUnauthorized}, "client_secret"},
		{&Error{Op: "exchange", StatusCode: http.StatusBadRequest, Code: "unauthorized_client"}, "client_id"},
		{&Error{Op: "refresh", StatusCode: http.StatusUnauthorized}, ""}, // a refresh token AtomGit no longer knows, as likely
		{&Error{Op: "exchange", StatusCode: http.StatusBadRequest, Code: "invalid_grant"}, ""},
		{&Error{Op: "user", StatusCode: http.StatusUnauthorized, Code: "invalid_client"}, ""},
		{&Error{Op: "exchange", StatusCode: http.StatusTooManyRequests, Code: "invalid_client"}, ""}, // a rate limit
		{errors.New("network"), ""},
	} {
		got, ok := RefusedSetting(tc.err)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("RefusedSetting(%v) = %q, %v; want %q", tc.err, got, ok, tc.want)
		}
	}
	for code, want := range map[string]string{
		"unauthorized_client": "client_id", "invalid_client": "client_id", "redirect_uri_mismatch": "redirect_uri",
		"invalid_scope": "scopes", "unsupported_response_type": "profile", "access_denied": "", "server_error": "", "": "",
	} {
		if got, ok := RefusedSettingByCode(code); got != want || ok != (want != "") {
			t.Errorf("RefusedSettingByCode(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
}

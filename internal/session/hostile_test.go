package session

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// hostileTokens are token answers whose access or refresh token has a character no
// token may have. A newline in a token would become a line of git's credential answer.
var hostileTokens = []struct{ name, access, refresh string }{
	{"newline in access_token", "atu_x\nhost=evil.example\nusername=u\npassword=p", "refresh_ok"},
	{"space in access_token", "atu_x y", "refresh_ok"},
	{"tab in access_token", "atu_x\ty", "refresh_ok"},
	{"non-ASCII in access_token", "atu_x\u00e9", "refresh_ok"},
	{"newline in refresh_token", "atu_ok", "refresh_x\r\nhost=evil.example"},
	{"space in refresh_token", "atu_ok", "refresh_x y"},
	{"tab in refresh_token", "atu_ok", "refresh_x\ty"},
	{"non-ASCII in refresh_token", "atu_ok", "refresh_\u202ex"},
}

func hostileBody(t *testing.T, access, refresh string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"access_token": access, "refresh_token": refresh, "expires_in": 28800})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAHostileTokenAnswerToAnExchangeStoresNothing(t *testing.T) {
	for _, tc := range hostileTokens {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{})
			f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 200, Body: hostileBody(t, tc.access, tc.refresh), ContentType: "application/json", Times: 1})
			start, err := f.m.BeginSignIn(nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
				t.Fatal(err)
			}
			st := f.waitState(Failed)
			if st.Error == nil || !strings.Contains(st.Error.Detail, "_token") {
				t.Errorf("error = %+v, want one that names the token field", st.Error)
			}
			if st.Error != nil && (strings.Contains(st.Error.Detail, "atu_") || strings.Contains(st.Error.Detail, "refresh_x")) {
				t.Errorf("the error repeats the token: %q", st.Error.Detail)
			}
			if _, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
				t.Errorf("stored after a hostile token answer: %v", err)
			}
			if f.srv.Stats().UserCalls != 0 {
				t.Error("the hostile access token was sent to the user endpoint")
			}
		})
	}
}

func TestAHostileTokenAnswerToARefreshKeepsTheStoredTokens(t *testing.T) {
	for _, tc := range hostileTokens {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{})
			f.signIn()
			before := f.stored().Token
			f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 200, Body: hostileBody(t, tc.access, tc.refresh), ContentType: "application/json", Times: 1})
			if err := f.m.RefreshNow(context.Background()); err == nil {
				t.Error("RefreshNow accepted a hostile token answer")
			}
			if after := f.stored().Token; after != before {
				t.Errorf("the stored token changed: %+v → %+v", before, after)
			}
			st := f.m.Status()
			if st.Error == nil || !strings.Contains(st.Error.Detail, "_token") {
				t.Errorf("status error = %+v, want one that names the token field", st.Error)
			}
			if tok, err := f.m.Token(context.Background()); err != nil || tok != before.AccessToken {
				t.Errorf("Token after a refused refresh: %q, %v; want the old one", tok, err)
			}
		})
	}
}

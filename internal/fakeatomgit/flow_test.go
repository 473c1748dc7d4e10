package fakeatomgit

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFlow2023(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		t.Run(map[bool]string{false: "same refresh token", true: "rotation"}[rotate], func(t *testing.T) {
			f := newFixture(t, Options{RotateRefresh: rotate})
			loc := f.browser().signIn(authorizeQuery(false, "st-2023"), "allow")
			if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirect {
				t.Fatalf("callback = %s, want %s", got, testRedirect)
			}
			if got := loc.Query().Get("state"); got != "st-2023" {
				t.Errorf("state = %q, want st-2023", got)
			}

			status, tok := f.exchange2023(loc.Query().Get("code"))
			if status != 200 {
				t.Fatalf("exchange: %d %v", status, tok)
			}
			access, refresh := str(tok, "access_token"), str(tok, "refresh_token")
			if !strings.HasPrefix(access, "atu_") || !strings.HasPrefix(refresh, "refresh_") {
				t.Errorf("tokens %q %q, want atu_… and refresh_…", access, refresh)
			}
			now := f.clock.Now()
			if got, want := num(t, tok, "expires_in"), now.Add(8*time.Hour).UnixMilli(); got != want {
				t.Errorf("expires_in = %d, want epoch ms %d", got, want)
			}
			if got, want := num(t, tok, "refresh_token_expires_in"), now.Add(184*24*time.Hour).UnixMilli(); got != want {
				t.Errorf("refresh_token_expires_in = %d, want epoch ms %d", got, want)
			}
			for _, k := range []string{"token_type", "scope", "created_at"} {
				if _, ok := tok[k]; ok {
					t.Errorf("2023 answer has %q", k)
				}
			}

			status, u := f.user("/user/info", access)
			if status != 200 || str(u, "login") != "demo" || str(u, "id") != demoUserID || str(u, "name") != "Demo User" {
				t.Fatalf("user: %d %v", status, u)
			}
			if u["email"] != "" || str(u, "created_at") != "2023-02-02 09:31:24" {
				t.Errorf("user = %v", u)
			}

			f.clock.Add(time.Hour)
			status, tok2 := f.postJSON("/login/oauth/access_token", map[string]string{
				"client_id": DefaultClientID, "client_secret": DefaultClientSecret,
				"grant_type": "refresh_token", "refresh_token": refresh,
			})
			if status != 200 {
				t.Fatalf("refresh: %d %v", status, tok2)
			}
			access2, refresh2 := str(tok2, "access_token"), str(tok2, "refresh_token")
			if access2 == access || access2 == "" {
				t.Errorf("refresh gave access token %q, want a new one", access2)
			}
			if got, want := num(t, tok2, "refresh_token_expires_in"), f.clock.Now().Add(184*24*time.Hour).UnixMilli(); got != want {
				t.Errorf("refreshed refresh_token_expires_in = %d, want %d", got, want)
			}
			if rotate == (refresh2 == refresh) {
				t.Errorf("rotate=%v: refresh token %q after %q", rotate, refresh2, refresh)
			}
			for _, a := range []string{access, access2} {
				if status, _ := f.user("/user/info", a); status != 200 {
					t.Errorf("user with %s…: %d, want 200 (old tokens stay valid)", a[:8], status)
				}
			}

			status, again := f.postJSON("/login/oauth/access_token", map[string]string{
				"client_id": DefaultClientID, "client_secret": DefaultClientSecret,
				"grant_type": "refresh_token", "refresh_token": refresh,
			})
			if wantOK := !rotate; (status == 200) != wantOK || (!wantOK && str(again, "error") != "invalid_grant") {
				t.Errorf("reusing the first refresh token (rotate=%v): %d %v", rotate, status, again)
			}
			st := f.srv.Stats()
			if st.Exchanges != 1 || st.Refreshes != 2 || st.UserCalls != 3 || st.LoginPages != 1 || st.AuthorizePages != 1 || st.Logins != 1 {
				t.Errorf("stats = %+v", st)
			}
		})
	}
}

func TestFlowCurrent(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		f := newFixture(t, Options{RotateRefresh: rotate})
		loc := f.browser().signIn(authorizeQuery(true, "st-now"), "allow")
		if loc.Query().Get("state") != "st-now" {
			t.Fatalf("callback %s", loc)
		}
		status, tok := f.postForm("/oauth/token", url.Values{
			"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
			"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}, "redirect_uri": {testRedirect},
		})
		if status != 200 {
			t.Fatalf("exchange: %d %v", status, tok)
		}
		if got := num(t, tok, "expires_in"); got != 28800 {
			t.Errorf("expires_in = %d, want 28800 seconds", got)
		}
		if str(tok, "token_type") != "bearer" || str(tok, "scope") != "user_info" || str(tok, "created_at") != f.clock.Now().Format(time.RFC3339) {
			t.Errorf("answer = %v", tok)
		}
		if _, ok := tok["refresh_token_expires_in"]; ok {
			t.Error("current answer has refresh_token_expires_in")
		}
		status, u := f.user("/api/v5/user", str(tok, "access_token"))
		if status != 200 || str(u, "login") != "demo" || !strings.HasPrefix(str(u, "avatar_url"), f.ts.URL+"/avatar/") {
			t.Fatalf("user: %d %v", status, u)
		}
		status, tok2 := f.postForm("/oauth/token", url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {str(tok, "refresh_token")},
			"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret},
		})
		if status != 200 || num(t, tok2, "expires_in") != 28800 {
			t.Fatalf("refresh: %d %v", status, tok2)
		}
		if rotate == (str(tok2, "refresh_token") == str(tok, "refresh_token")) {
			t.Errorf("rotate=%v: refresh token %q after %q", rotate, str(tok2, "refresh_token"), str(tok, "refresh_token"))
		}
	}
}

func TestDeny(t *testing.T) {
	for _, current := range []bool{false, true} {
		f := newFixture(t, Options{})
		loc := f.browser().signIn(authorizeQuery(current, "xyz"), "deny")
		want := testRedirect + "?error=access_denied&error_description=The+user+denied+the+request&state=xyz"
		if loc.String() != want {
			t.Errorf("deny redirect = %s\nwant %s", loc, want)
		}
		if st := f.srv.Stats(); st.Denials != 1 || st.CodesIssued != 0 {
			t.Errorf("stats = %+v", st)
		}
	}
}

func TestSessionIsKept(t *testing.T) {
	f := newFixture(t, Options{})
	b := f.browser()
	b.signIn(authorizeQuery(false, "a"), "allow")
	p := b.get(authorizeQuery(true, "b"))
	if p.StatusCode != 200 || p.Request.URL.Path != "/oauth/authorize" {
		t.Fatalf("second authorize: %d %s, want the page without logging in", p.StatusCode, p.Request.URL)
	}
	if loc := b.decide(p, "allow"); loc.Query().Get("code") == "" || loc.Query().Get("state") != "b" {
		t.Errorf("callback %s", loc)
	}
	if st := f.srv.Stats(); st.LoginPages != 1 || st.AuthorizePages != 2 {
		t.Errorf("stats = %+v", st)
	}
}

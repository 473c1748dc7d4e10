package fakeatomgit

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCodeIsSingleUse(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	if status, m := f.exchange2023(code); status != 200 {
		t.Fatalf("first exchange: %d %v", status, m)
	}
	status, m := f.exchange2023(code)
	if status != 400 || str(m, "error") != "invalid_grant" || str(m, "error_description") == "" {
		t.Errorf("second exchange: %d %v, want 400 invalid_grant", status, m)
	}
}

func TestCodeExpires(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	f.clock.Add(61 * time.Second)
	if status, m := f.exchange2023(code); status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("exchange after 61s: %d %v, want 400 invalid_grant", status, m)
	}
	code = f.code()
	f.clock.Add(59 * time.Second)
	if status, m := f.exchange2023(code); status != 200 {
		t.Errorf("exchange after 59s: %d %v, want 200", status, m)
	}
}

func TestCodeBoundToClientAndRedirect(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	status, m := f.postForm("/oauth/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "client_id": {DefaultClientID},
		"client_secret": {DefaultClientSecret}, "redirect_uri": {"http://127.0.0.1:9999/other"},
	})
	if status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("other redirect_uri: %d %v, want invalid_grant", status, m)
	}
}

func TestWrongSecret(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	status, m := f.postJSON("/login/oauth/access_token", map[string]string{
		"client_id": DefaultClientID, "client_secret": "nope", "code": code,
	})
	if status != 401 || str(m, "error") != "invalid_client" {
		t.Fatalf("wrong secret: %d %v, want 401 invalid_client", status, m)
	}
	status, m = f.postForm("/oauth/token", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {"refresh_x"}, "client_id": {"other"}, "client_secret": {DefaultClientSecret},
	})
	if status != 401 || str(m, "error") != "invalid_client" {
		t.Fatalf("wrong client: %d %v, want 401 invalid_client", status, m)
	}
	if status, m := f.exchange2023(code); status != 200 {
		t.Errorf("the code is not used up by a failed client check: %d %v", status, m)
	}
}

func TestRevokeAndExpiry(t *testing.T) {
	f := newFixture(t, Options{AccessLifetime: time.Hour, RefreshLifetime: 48 * time.Hour})
	refresh := func(rt string) (int, map[string]any) {
		return f.postJSON("/login/oauth/access_token", map[string]string{
			"client_id": DefaultClientID, "client_secret": DefaultClientSecret,
			"grant_type": "refresh_token", "refresh_token": rt,
		})
	}
	_, tok := f.exchange2023(f.code())
	access, rt := str(tok, "access_token"), str(tok, "refresh_token")

	f.clock.Add(time.Hour)
	status, m := f.user("/user/info", access)
	if status != 401 || str(m, "message") != "401 Unauthorized" {
		t.Errorf("expired access token: %d %v", status, m)
	}
	if status, m := refresh(rt); status != 200 {
		t.Fatalf("refresh: %d %v", status, m)
	}
	f.clock.Add(47 * time.Hour)
	if status, m := refresh(rt); status != 200 {
		t.Fatalf("refresh within 48h of the last refresh: %d %v", status, m)
	}
	f.clock.Add(48 * time.Hour)
	if status, m := refresh(rt); status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("expired refresh token: %d %v, want invalid_grant", status, m)
	}

	_, tok = f.exchange2023(f.code())
	f.srv.RevokeAll()
	if status, m := f.user("/api/v5/user", str(tok, "access_token")); status != 401 || str(m, "message") != "401 Unauthorized" {
		t.Errorf("revoked access token: %d %v", status, m)
	}
	if status, m := refresh(str(tok, "refresh_token")); status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("revoked refresh token: %d %v", status, m)
	}
	if status, m := refresh("refresh_unknown"); status != 400 || str(m, "error") != "invalid_grant" {
		t.Errorf("unknown refresh token: %d %v", status, m)
	}
}

func TestUserNeedsBearer(t *testing.T) {
	f := newFixture(t, Options{})
	_, tok := f.exchange2023(f.code())
	for _, h := range []string{"", "Basic abc", "Bearer ", "Bearer atu_wrong", "token " + str(tok, "access_token")} {
		req, _ := http.NewRequest("GET", f.ts.URL+"/user/info", nil)
		req.Header.Set("Authorization", h)
		if status, m := call(t, req); status != 401 || str(m, "message") != "401 Unauthorized" {
			t.Errorf("Authorization %q: %d %v", h, status, m)
		}
	}
}

func TestContentTypePerProfile(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	if status, m := f.postForm("/login/oauth/access_token", form); status != 400 || str(m, "error") != "invalid_request" {
		t.Errorf("form body on the 2023 endpoint: %d %v", status, m)
	}
	body := `{"grant_type":"authorization_code","code":"` + code + `","client_id":"` + DefaultClientID + `","client_secret":"` + DefaultClientSecret + `"}`
	req, _ := http.NewRequest("POST", f.ts.URL+"/oauth/token", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if status, m := call(t, req); status != 400 || str(m, "error") != "invalid_request" {
		t.Errorf("JSON body on the current endpoint: %d %v", status, m)
	}
	req, _ = http.NewRequest("POST", f.ts.URL+"/login/oauth/access_token", strings.NewReader("{not json"))
	req.Header.Set("Content-Type", "application/json")
	if status, m := call(t, req); status != 400 || str(m, "error") != "invalid_request" {
		t.Errorf("broken JSON: %d %v", status, m)
	}
	if status, m := f.postJSON("/login/oauth/access_token", map[string]string{
		"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "grant_type": "password",
	}); status != 400 || str(m, "error") != "unsupported_grant_type" {
		t.Errorf("grant_type password: %d %v", status, m)
	}
	// The code survived the malformed requests.
	if status, m := f.exchange2023(code); status != 200 {
		t.Errorf("exchange: %d %v", status, m)
	}
	if st := f.srv.Stats(); st.TokenRequests != 5 || st.Exchanges != 4 || st.TokensIssued != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestClientSecretByBasicAuth(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := http.NewRequest("POST", f.ts.URL+"/oauth/token", strings.NewReader(url.Values{
		"grant_type": {"authorization_code"}, "code": {f.code()},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	if status, m := call(t, req); status != 200 {
		t.Errorf("basic auth: %d %v", status, m)
	}
}

func TestConcurrentRefreshes(t *testing.T) {
	f := newFixture(t, Options{RotateRefresh: true})
	_, tok := f.exchange2023(f.code())
	const n = 20
	var wg sync.WaitGroup
	results := make(chan int, n)
	for range n {
		wg.Go(func() {
			status, _ := f.postJSON("/login/oauth/access_token", map[string]string{
				"client_id": DefaultClientID, "client_secret": DefaultClientSecret,
				"grant_type": "refresh_token", "refresh_token": str(tok, "refresh_token"),
			})
			results <- status
		})
	}
	wg.Wait()
	close(results)
	ok := 0
	for s := range results {
		if s == 200 {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent refreshes with one rotating token succeeded, want 1", ok, n)
	}
	if got := f.srv.Stats().Refreshes; got != n {
		t.Errorf("Refreshes = %d, want %d", got, n)
	}
}

func TestExpiresInReplacesTheAnnouncedLifetime(t *testing.T) {
	for _, announce := range []string{"0.001", "1684166156606"} {
		f := newFixture(t, Options{ExpiresIn: func(time.Time) string { return announce }})
		status, m := f.exchange2023(f.code())
		if got, ok := m["expires_in"].(json.Number); status != 200 || !ok || got.String() != announce {
			t.Errorf("announcing %s: HTTP %d, expires_in %#v", announce, status, m["expires_in"])
		}
		// The token still works for its true lifetime.
		if status, _ := f.user("/user/info", str(m, "access_token")); status != 200 {
			t.Errorf("announcing %s: the token is refused (HTTP %d)", announce, status)
		}
	}
}

package fakeatomgit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// A server started again with the same state file honours the tokens its previous run
// issued: a restarted demo keeps its sign-ins.
func TestStateFileKeepsTokensAcrossRestarts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo.json")
	first := New(Options{StateFile: file})
	ts := httptest.NewServer(first)
	code := signInForCode(t, ts.URL)
	body := `{"client_id":"demo-client-id","client_secret":"demo-client-secret","code":"` + code + `"}`
	resp, err := http.Post(ts.URL+"/login/oauth/access_token", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("exchange: %v %v", resp, err)
	}
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.RefreshToken == "" {
		t.Fatalf("exchange answer: %v", err)
	}
	resp.Body.Close()
	ts.Close()

	second := httptest.NewServer(New(Options{StateFile: file}))
	defer second.Close()
	body = `{"client_id":"demo-client-id","client_secret":"demo-client-secret","grant_type":"refresh_token","refresh_token":"` + tok.RefreshToken + `"}`
	resp, err = http.Post(second.URL+"/login/oauth/access_token", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("refresh after a restart: %v, %v", resp.Status, err)
	}
	resp.Body.Close()
	without := httptest.NewServer(New(Options{}))
	defer without.Close()
	resp, _ = http.Post(without.URL+"/login/oauth/access_token", "application/json", strings.NewReader(body))
	if resp.StatusCode == 200 {
		t.Error("a server without the state file knew the token")
	}
}

// signInForCode walks the pages with a Browser and returns the code sent to the callback.
func signInForCode(t *testing.T, base string) string {
	t.Helper()
	b := &Browser{}
	cb, err := b.CallbackURL(context.Background(), base+"/login/oauth/authorize?client_id=demo-client-id&state=s&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(cb, "code=")
	if i < 0 {
		t.Fatalf("no code in %s", cb)
	}
	code := cb[i+5:]
	if j := strings.IndexByte(code, '&'); j >= 0 {
		code = code[:j]
	}
	return code
}

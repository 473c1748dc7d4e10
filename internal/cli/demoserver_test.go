package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// demo-server prints the settings to export, then an empty line, once it listens; a
// script approves a sign-in with one form, and the code it gets is one the token
// endpoint exchanges, for the client id and secret it was given.
func TestDemoServerPrintsTheSettingsAndApprovesForAScript(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	o := &demoServerOptions{clientID: "my-app", clientSecret: "my-secret", redirectURI: "http://127.0.0.1:9/callback", profile: "2023", accessLifetime: 60e9}
	go func() { done <- o.serve(ctx, pw, io.Discard, english); pw.Close() }()
	vars := map[string]string{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() && sc.Text() != "" {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		if !ok {
			t.Fatalf("not an export line: %q", sc.Text())
		}
		vars[name] = strings.Trim(value, "'")
	}
	go io.Copy(io.Discard, pr)
	if vars["ATOMGIT_CLIENT_ID"] != "my-app" || vars["ATOMGIT_REDIRECT_URI"] != o.redirectURI || vars["ATOMGIT_TOKEN_URL"] == "" {
		t.Fatalf("settings: %v", vars)
	}
	authorize := vars["ATOMGIT_AUTHORIZE_URL"] + "?" + url.Values{"client_id": {"my-app"}, "redirect_uri": {o.redirectURI}, "state": {"s"}}.Encode()
	base := strings.TrimSuffix(vars["ATOMGIT_AUTHORIZE_URL"], "/login/oauth/authorize")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(base+"/demo/approve", url.Values{"url": {authorize}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil || !strings.HasPrefix(loc.String(), o.redirectURI) || loc.Query().Get("code") == "" {
		t.Fatalf("approve: %d %v %v", resp.StatusCode, loc, err)
	}
	body, _ := json.Marshal(map[string]string{"client_id": "my-app", "client_secret": "my-secret", "code": loc.Query().Get("code")})
	resp, err = http.Post(vars["ATOMGIT_TOKEN_URL"], "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the approved code did not exchange: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo-server ended with %v", err)
	}
}

// A bad option is a usage error: exit 2, before anything listens.
func TestDemoServerRefusesABadOption(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{{"--profile", "1999"}, {"--redirect-uri", "https://example.com/cb"}, {"--client-id", ""}} {
		if code, out, errs := f.run(append([]string{"demo-server"}, args...)...); code != ExitUsage || out != "" || !strings.Contains(errs, args[0]) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

package fakeatomgit

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestAuthorizeRejectsWithoutRedirect(t *testing.T) {
	f := newFixture(t, Options{})
	fixed := newFixture(t, Options{RedirectURIs: []string{testRedirect}})
	q := func(path, client, redirect string) string {
		v := url.Values{"client_id": {client}, "state": {"s"}, "response_type": {"code"}}
		if redirect != "" {
			v.Set("redirect_uri", redirect)
		}
		return path + "?" + v.Encode()
	}
	for _, tc := range []struct {
		name string
		f    *fixture
		ref  string
	}{
		{"unknown client", f, q("/login/oauth/authorize", "other", testRedirect)},
		{"no client", f, q("/oauth/authorize", "", testRedirect)},
		{"remote redirect", f, q("/login/oauth/authorize", DefaultClientID, "https://evil.example/cb")},
		{"https loopback", f, q("/oauth/authorize", DefaultClientID, "https://127.0.0.1:8765/cb")},
		{"no redirect, none registered", f, q("/login/oauth/authorize", DefaultClientID, "")},
		{"unregistered port", fixed, q("/login/oauth/authorize", DefaultClientID, "http://127.0.0.1:9999/callback")},
	} {
		p := tc.f.browser().get(tc.ref)
		if p.StatusCode != 400 || p.Header.Get("Location") != "" || !strings.Contains(p.body, "Something went wrong") {
			t.Errorf("%s: %d Location=%q, want a 400 error page", tc.name, p.StatusCode, p.Header.Get("Location"))
		}
	}
	// A registered redirect URI is the default when the request has none.
	loc := fixed.browser().signIn(q("/login/oauth/authorize", DefaultClientID, ""), "allow")
	if !strings.HasPrefix(loc.String(), testRedirect+"?code=") {
		t.Errorf("callback %s, want the registered URI", loc)
	}
}

func TestAuthorizeCurrentNeedsResponseTypeCode(t *testing.T) {
	f := newFixture(t, Options{})
	p := f.browser().get("/oauth/authorize?" + url.Values{"client_id": {DefaultClientID}, "redirect_uri": {testRedirect}, "state": {"s"}}.Encode())
	loc, _ := p.Location()
	if p.StatusCode != 302 || loc == nil || loc.Query().Get("error") != "unsupported_response_type" || loc.Query().Get("state") != "s" {
		t.Errorf("got %d %v", p.StatusCode, loc)
	}
}

func TestAuthorizePostNeedsSessionAndCSRF(t *testing.T) {
	f := newFixture(t, Options{})
	b := f.browser()
	b.signIn(authorizeQuery(false, "a"), "allow")
	page := b.get(authorizeQuery(false, "b"))
	form := hiddenFields(page.body)
	form.Set("action", "allow")
	form.Set("csrf", "forged")
	if p := b.post("/login/oauth/authorize", form); p.StatusCode != 403 || p.Header.Get("Location") != "" {
		t.Errorf("forged csrf: %d %q", p.StatusCode, p.Header.Get("Location"))
	}
	// Another browser, without the session: sent to log in, no code.
	if p := f.browser().post("/login/oauth/authorize", form); p.StatusCode != 200 || p.Request.URL.Path != "/login" {
		t.Errorf("no session: %d %s, want the login page", p.StatusCode, p.Request.URL)
	}
	if st := f.srv.Stats(); st.CodesIssued != 1 {
		t.Errorf("CodesIssued = %d, want 1", st.CodesIssued)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	f := newFixture(t, Options{})
	b := f.browser()
	p := b.get(authorizeQuery(false, "s"))
	form := hiddenFields(p.body)
	form.Set("username", "demo")
	form.Set("password", "wrong")
	p = b.post("/login", form)
	if p.StatusCode != 200 || p.Request.URL.Path != "/login" || !strings.Contains(p.body, "Incorrect username or password.") {
		t.Fatalf("wrong password: %d %s", p.StatusCode, p.Request.URL)
	}
	if got := hiddenFields(p.body).Get("next"); got != form.Get("next") {
		t.Errorf("next after the error = %q, want %q", got, form.Get("next"))
	}
	if len(b.c.Jar.Cookies(b.base)) != 0 {
		t.Error("a cookie was set after wrong credentials")
	}
	if st := f.srv.Stats(); st.LoginPages != 2 || st.Logins != 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestLoginNextIsLocal(t *testing.T) {
	f := newFixture(t, Options{})
	for next, want := range map[string]string{
		"":                                 "/",
		"/oauth/authorize?client_id=x&a=b": "/oauth/authorize?client_id=x&a=b",
		"https://evil.example/":            "/",
		"//evil.example/path":              "/",
		`/\evil.example`:                   "/",
		"/\t/evil.example":                 "/",
		"javascript:alert(1)":              "/",
		"evil.example":                     "/",
		"http:/evil.example":               "/",
	} {
		b := f.browser()
		b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		p := b.post("/login", url.Values{"username": {"demo"}, "password": {"demo-password"}, "next": {next}})
		if p.StatusCode != 302 || p.Header.Get("Location") != want {
			t.Errorf("next %q: %d Location %q, want %q", next, p.StatusCode, p.Header.Get("Location"), want)
		}
		var c *http.Cookie
		for _, h := range p.Cookies() {
			if h.Name == sessionCookie {
				c = h
			}
		}
		if c == nil || !c.HttpOnly || c.Path != "/" {
			t.Errorf("session cookie = %+v, want HttpOnly on /", c)
		}
	}
}

func TestLogout(t *testing.T) {
	for _, method := range []string{"GET", "POST"} {
		f := newFixture(t, Options{})
		b := f.browser()
		b.signIn(authorizeQuery(false, "a"), "allow")
		var p page
		if method == "GET" {
			p = b.get("/logout")
		} else {
			p = b.post("/logout", url.Values{})
		}
		if p.StatusCode != 200 || p.Request.URL.Path != "/login" {
			t.Errorf("%s /logout: %d %s", method, p.StatusCode, p.Request.URL)
		}
		if p := b.get(authorizeQuery(false, "b")); p.Request.URL.Path != "/login" {
			t.Errorf("authorize after %s /logout went to %s, want /login", method, p.Request.URL)
		}
	}
}

// TestPagesWorkByKeyboard checks the tab order the end-to-end tests rely on:
// login: username (focused) → password, one submit button; authorize: Allow
// (focused) → Deny. And that no page loads anything from elsewhere.
func TestPagesWorkByKeyboard(t *testing.T) {
	f := newFixture(t, Options{})
	b := f.browser()
	login := b.get(authorizeQuery(false, "s"))
	for _, want := range []string{"<title>Sign in · AtomGit (demo)</title>", "Demo user: demo / password: demo-password"} {
		if !strings.Contains(login.body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	focusable := regexp.MustCompile(`<(input|button|a|select|textarea)\b[^>]*>`)
	var order []string
	for _, el := range focusable.FindAllString(login.body, -1) {
		if !strings.Contains(el, `type="hidden"`) {
			order = append(order, el)
		}
	}
	if len(order) != 3 || !strings.Contains(order[0], `name="username"`) || !strings.Contains(order[0], "autofocus") ||
		!strings.Contains(order[1], `type="password"`) || !strings.Contains(order[2], `type="submit"`) {
		t.Errorf("login page controls in order: %q", order)
	}

	form := hiddenFields(login.body)
	form.Set("username", "demo")
	form.Set("password", "demo-password")
	authz := b.post("/login", form)
	order = focusable.FindAllString(authz.body, -1)
	var visible []string
	for _, el := range order {
		if !strings.Contains(el, `type="hidden"`) {
			visible = append(visible, el)
		}
	}
	if len(visible) < 2 || !strings.Contains(visible[0], `value="allow"`) || !strings.Contains(visible[0], "autofocus") ||
		!strings.Contains(visible[1], `value="deny"`) {
		t.Errorf("authorize page controls in order: %q", visible)
	}
	if !strings.Contains(authz.body, "AtomGit Login") || !strings.Contains(authz.body, "<b>demo</b>") {
		t.Error("authorize page does not name the app and the account")
	}
	// Nothing from elsewhere: the only script is the server's own shown beacon.
	external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//|<script src="[^/]|<link|@import|url\(`)
	for name, body := range map[string]string{"login": login.body, "authorize": authz.body, "home": b.get("/").body} {
		if m := external.FindString(body); m != "" {
			t.Errorf("%s page loads something: %q", name, m)
		}
	}
}

func TestAvatarAndProfile(t *testing.T) {
	f := newFixture(t, Options{})
	_, tok := f.exchange2023(f.code())
	_, u := f.user("/user/info", str(tok, "access_token"))
	for _, k := range []string{"avatar_url", "html_url"} {
		resp, err := http.Get(str(u, k))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s %s: %d", k, str(u, k), resp.StatusCode)
		}
		if k == "avatar_url" && resp.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("avatar Content-Type %q", resp.Header.Get("Content-Type"))
		}
	}
	if p := f.browser().get("/avatar/other.svg"); p.StatusCode != 404 {
		t.Errorf("other avatar: %d", p.StatusCode)
	}
}

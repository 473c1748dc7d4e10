package fakeatomgit

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
)

// Browser plays the person in a web browser against a Server, for tests and benchmarks in
// other packages: it logs in on the login page, presses Allow or Deny, and follows the
// redirect to the app's callback. It keeps cookies, so a second sign-in skips the login
// page as a real browser would. Not safe for concurrent use.
type Browser struct {
	Username, Password string // the demo user's when empty
	client             *http.Client
	stopAt             func(*url.URL) bool // a redirect not to follow
	stopped            string              // the redirect not followed
	// Callback is the status of the app's callback page from the last Approve or Deny.
	Callback int
}

func (b *Browser) init() {
	if b.client == nil {
		jar, _ := cookiejar.New(nil)
		b.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if b.stopAt != nil && b.stopAt(req.URL) {
				b.stopped = req.URL.String()
				return http.ErrUseLastResponse
			}
			return nil
		}}
	}
}

// lastRedirect is the callback URL: the redirect not followed, or the last page fetched.
func (b *Browser) lastRedirect(last *url.URL) string {
	if b.stopped != "" {
		s := b.stopped
		b.stopped = ""
		return s
	}
	return last.String()
}

// Approve opens authorizeURL, logs in if asked to, and presses Allow; the redirect to the
// callback is followed like a browser does.
func (b *Browser) Approve(ctx context.Context, authorizeURL string) error {
	_, err := b.decideFollow(ctx, authorizeURL, "allow", true)
	return err
}

// CallbackURL does what Approve does but stops at the redirect to the app's callback and
// returns its URL without requesting it, so that a benchmark can time that request alone.
func (b *Browser) CallbackURL(ctx context.Context, authorizeURL string) (string, error) {
	return b.decideFollow(ctx, authorizeURL, "allow", false)
}

// Deny does the same but presses Deny.
func (b *Browser) Deny(ctx context.Context, authorizeURL string) error {
	_, err := b.decideFollow(ctx, authorizeURL, "deny", true)
	return err
}

// decideFollow walks the pages and presses action; the redirect to the callback is
// followed when follow is set, and its URL returned either way.
func (b *Browser) decideFollow(ctx context.Context, authorizeURL, action string, follow bool) (string, error) {
	b.init()
	page, final, err := b.fetch(ctx, "GET", authorizeURL, nil)
	if err != nil {
		return "", err
	}
	if final.Path == "/login" {
		form := hidden(page)
		form.Set("username", or(b.Username, DefaultUsername))
		form.Set("password", or(b.Password, DefaultPassword))
		login := final.ResolveReference(&url.URL{Path: "/login"})
		if page, final, err = b.fetch(ctx, "POST", login.String(), form); err != nil {
			return "", err
		}
	}
	if !strings.Contains(page, `value="allow"`) {
		return "", fmt.Errorf("fakeatomgit: no authorize page at %s", final.Redacted())
	}
	form := hidden(page)
	form.Set("action", action)
	server := final.Host
	b.stopAt = func(u *url.URL) bool { return !follow && u.Host != server }
	defer func() { b.stopAt = nil }()
	_, last, err := b.fetch(ctx, "POST", final.String(), form)
	if err != nil {
		return "", err
	}
	return b.lastRedirect(last), nil
}

// fetch does one request and follows redirects, returning the last page and its URL.
func (b *Browser) fetch(ctx context.Context, method, rawURL string, form url.Values) (string, *url.URL, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return "", nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("fakeatomgit: browser: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", nil, err
	}
	if resp.Request.URL.Query().Has("state") && !strings.Contains(resp.Request.URL.Path, "authorize") {
		b.Callback = resp.StatusCode
	}
	return string(data), resp.Request.URL, nil
}

// hidden is a page's hidden form fields, as the pages write them.
func hidden(page string) url.Values {
	v := url.Values{}
	const start = `<input type="hidden" name="`
	for {
		i := strings.Index(page, start)
		if i < 0 {
			return v
		}
		page = page[i+len(start):]
		// name="N" value="V">, N not empty, neither holding a quote (as the pages write them)
		name, rest, ok := strings.Cut(page, `"`)
		if !ok || name == "" || !strings.HasPrefix(rest, ` value="`) {
			continue
		}
		value, rest, ok := strings.Cut(rest[len(` value="`):], `"`)
		if !ok || !strings.HasPrefix(rest, ">") {
			continue
		}
		v.Set(html.UnescapeString(name), html.UnescapeString(value))
		page = rest
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

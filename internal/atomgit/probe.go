package atomgit

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// CheckAuthorize asks the authorize page, as a browser would before anyone logs in, whether
// it takes this app's request: its client id, redirect URI, scopes and response type
// (diagnose). No one logs in and nothing is authorized: the answer is read and dropped,
// no redirect is followed, no cookie kept. nil means it took the request (an answer or a
// redirect to its login page). Otherwise an *Error with Op "authorize": AtomGit's own
// error page for a client id or redirect URI it does not know (an HTTP 4xx, its words in
// Message; OAuth servers do not redirect such requests), a redirect back to the redirect
// URI with an OAuth error (Code: unauthorized_client, invalid_scope, …), or no answer.
func (c *Client) CheckAuthorize(ctx context.Context) error {
	var opts []AuthOption
	if c.Endpoint.PKCE == PKCES256 {
		opts = append(opts, S256ChallengeOption(GenerateVerifier()))
	}
	req, e := newRequest(ctx, "authorize", http.MethodGet, c.AuthorizeURL("atomgit-login-check", opts...), nil)
	if e != nil {
		return e
	}
	hc := *c.httpClient()
	hc.Jar = nil
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return &Error{Op: "authorize", Message: transportMessage(ctx, err), Err: err}
	}
	defer resp.Body.Close()
	body, _ := readBody(resp.Body)
	if loc, err := resp.Location(); err == nil && resp.StatusCode/100 == 3 {
		q := loc.Query()
		if back, _ := url.Parse(c.RedirectURI); back != nil && sameEndpoint(back, loc) && q.Get("error") != "" {
			code := sanitize(q.Get("error"), 60)
			msg := sanitize(q.Get("error_description"), 200)
			if msg == "" {
				msg = code
			}
			return &Error{Op: "authorize", StatusCode: resp.StatusCode, Code: code, Message: msg}
		}
		return nil
	}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		msg := serverText(pageText(string(body)), 200, []string{c.ClientSecret})
		if msg == "" {
			msg = statusMessage(resp.StatusCode)
		}
		return &Error{Op: "authorize", StatusCode: resp.StatusCode, Message: msg}
	}
	if resp.StatusCode >= 500 {
		return &Error{Op: "authorize", StatusCode: resp.StatusCode, Message: statusMessage(resp.StatusCode)}
	}
	return nil
}

// sameEndpoint reports whether u goes to the scheme, host and path of want.
func sameEndpoint(want, u *url.URL) bool {
	return strings.EqualFold(want.Scheme, u.Scheme) && strings.EqualFold(want.Host, u.Host) && want.Path == u.Path
}

// pageParts are what a page shows no reader: its head (title included, which repeats the
// heading), styles and scripts.
var pageParts = regexp.MustCompile(`(?is)<(head|style|script)\b.*?</(head|style|script)\s*>`)

// pageTag is any tag: between two block elements a reader sees a break.
var pageTag = regexp.MustCompile(`<[^>]*>`)

// pageText is a page's text as a reader sees it, without its head, styles and scripts,
// each tag a space.
func pageText(page string) string {
	return pageTag.ReplaceAllString(pageParts.ReplaceAllString(page, " "), " ")
}

package atomgit

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds the same-origin redirects a user request follows.
const maxRedirects = 10

// guardRedirects returns a copy of hc for req that never takes credentials
// where they were not configured to go. A token request (a POST, whose body
// holds the client secret and the code or refresh token) follows no redirect
// at all: a 307 or 308 would send that body again. Any other request (the
// user request, whose header holds the access token) follows redirects only
// within its origin: the same scheme, host and port. A redirect not followed
// comes back as the 3xx answer itself. hc itself is not changed, and its own
// CheckRedirect still has its say on a redirect that is allowed.
func guardRedirects(hc *http.Client, req *http.Request) *http.Client {
	g := *hc
	g.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if req.Method == http.MethodPost || !sameOrigin(next.URL, via[0].URL) {
			return http.ErrUseLastResponse
		}
		if hc.CheckRedirect != nil {
			return hc.CheckRedirect(next, via)
		}
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &g
}

// sameOrigin reports whether a and b have the same scheme, host and port (a
// missing port is the scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// redirectError is the *Error for a 3xx answer, which reaches here only when
// guardRedirects refused to follow it (or it had no Location): credentials go
// only to the configured URL. The message says where the server pointed,
// without query or secrets.
func redirectError(resp *http.Response, op string, secrets []string) *Error {
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return nil
	}
	msg := "the server answered with a redirect, which is not followed: credentials are sent only to the configured URL"
	if loc, err := resp.Location(); err == nil && loc.Host != "" {
		where := serverText(loc.Scheme+"://"+loc.Host+loc.EscapedPath(), 100, secrets)
		msg = "the server redirected the request to " + where + ", which is not followed: credentials are sent only to the configured URL"
	}
	return &Error{Op: op, StatusCode: resp.StatusCode, Message: msg}
}

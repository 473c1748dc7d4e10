package authflow

import (
	"net/url"
	"strings"
)

// Deliver hands the attempt a navigation that the window caught before any request left
// (an attempt started with NoListener). It reports whether the URL was the redirect URI's
// and so was taken: the window must then stop the navigation. A taken navigation decides
// the attempt when it carries the attempt's state (with a code, or with the provider's
// error); without it, it is refused and logged, and the attempt goes on, as the listener
// does with such a request. Deliver only decides and never blocks: the window may call it
// on its UI thread. An attempt with a listener takes nothing: its callback is the
// listener's alone.
func (a *Attempt) Deliver(rawURL string) bool {
	if a.srv != nil || !MatchesRedirect(a.redirectURI, rawURL) {
		return false
	}
	u, err := url.Parse(rawURL)
	if err != nil { // MatchesRedirect parsed it
		return true
	}
	_ = a.take(u.Query(), "webview") // finished already: nothing more reaches the redirect URI from this attempt
	return true
}

// take decides the attempt with a callback's query q, when it carries the attempt's state
// (with a code, or with the provider's error), and returns nil then. One without the state
// is refused with a *CallbackError (CodeStateMismatch) and logged as come via, and the
// attempt goes on; a decided attempt takes nothing more (ErrDecided). It never blocks.
func (a *Attempt) take(q url.Values, via string) error {
	select {
	case <-a.done:
		return ErrDecided
	default:
	}
	res, err := a.parseQuery(q)
	if why := foreign(err); why != "" {
		go a.logIgnored(why, "via", via) // the log's writer may block; the window's thread must not
		return err
	}
	if !a.decide(res, err) {
		return ErrDecided
	}
	return nil
}

// MatchesRedirect reports whether navURL goes to redirectURI: the same scheme, host, port
// (a default port written or not) and path, exactly. The query, the fragment and any user
// name are not compared: they do not change where the request would go. localhost and
// 127.0.0.1 are different hosts here, as they are for the OAuth app's registration.
func MatchesRedirect(redirectURI, navURL string) bool {
	r, err := url.Parse(redirectURI)
	if err != nil || r.Opaque != "" {
		return false
	}
	n, err := url.Parse(navURL)
	if err != nil || n.Opaque != "" {
		return false
	}
	return strings.EqualFold(r.Scheme, n.Scheme) &&
		strings.EqualFold(r.Hostname(), n.Hostname()) &&
		portOf(r) == portOf(n) &&
		pathOf(r) == pathOf(n)
}

// portOf is u's port, or its scheme's default.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// pathOf is u's path as sent: escaped, and "/" when empty.
func pathOf(u *url.URL) string {
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

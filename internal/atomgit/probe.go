package atomgit

import (
	"context"
	"net/http"
	"net/url"
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

// pageText is a page's text as a reader sees it: its head (title included, which repeats
// the heading), styles and scripts left out, and each tag a space, where a tag is from
// "<" to the next ">" and a part left out runs from "<head", "<style" or "<script" to the
// first "</head", "</style" or "</script" and its ">" (case aside). It reads the page by
// hand rather than with a regular expression, so that the commands do not compile one
// (nor link package regexp) at every start for what only diagnose asks.
func pageText(page string) string {
	var b strings.Builder
	for i := 0; i < len(page); {
		lt := strings.IndexByte(page[i:], '<')
		if lt < 0 {
			b.WriteString(page[i:])
			break
		}
		b.WriteString(page[i : i+lt])
		i += lt
		if end := hiddenPartEnd(page, i); end > i {
			b.WriteByte(' ')
			i = end
			continue
		}
		gt := strings.IndexByte(page[i:], '>')
		if gt < 0 {
			b.WriteString(page[i:])
			break
		}
		b.WriteByte(' ')
		i += gt + 1
	}
	return b.String()
}

// hiddenParts are the elements whose content no reader sees.
var hiddenParts = [...]string{"head", "style", "script"}

// hiddenPartEnd is where the part no reader sees that opens at page[i] ends (just after
// its closing tag's ">"), or i when none opens there or it is never closed.
func hiddenPartEnd(page string, i int) int {
	open := ""
	for _, name := range hiddenParts {
		if tagNameAt(page, i+1, name) {
			open = name
			break
		}
	}
	if open == "" {
		return i
	}
	for j := i + 1 + len(open); ; j++ {
		k := strings.Index(page[j:], "</")
		if k < 0 {
			return i
		}
		j += k
		for _, name := range hiddenParts {
			if !hasPrefixFold(page[j+2:], name) {
				continue
			}
			e := j + 2 + len(name)
			for e < len(page) && strings.IndexByte(" \t\n\f\r", page[e]) >= 0 {
				e++
			}
			if e < len(page) && page[e] == '>' {
				return e + 1
			}
		}
	}
}

// tagNameAt reports whether page holds name at i (case aside), followed by the end of
// the page or a character that cannot be part of a name.
func tagNameAt(page string, i int, name string) bool {
	if !hasPrefixFold(page[i:], name) {
		return false
	}
	if e := i + len(name); e < len(page) {
		c := page[e]
		return !(c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z')
	}
	return true
}

// hasPrefixFold is strings.HasPrefix with case aside. With an ASCII prefix it folds ASCII
// letters only: a rune that folds to an ASCII letter (ſ, K) takes more than one byte, so
// the slice of len(prefix) bytes then holds fewer runes than prefix and differs.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

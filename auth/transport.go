package auth

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"
)

// Client is an *http.Client whose requests to the AtomGit API carry the session's token
// (Transport, over http.DefaultTransport, or over the transport of the *http.Client that
// ctx holds under oauth2.HTTPClient, as oauth2.NewClient takes it).
func (s *Session) Client(ctx context.Context) *http.Client {
	base := http.DefaultTransport
	if c, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && c != nil && c.Transport != nil {
		base = c.Transport
	}
	return &http.Client{Transport: s.Transport(base)}
}

// Transport is base (http.DefaultTransport when nil) with the session's token added, as
// "Authorization: Bearer …", to each request for the AtomGit API: for the user API's
// origin (Config.UserURL's scheme, host and port) and Config.APIOrigins, and no other.
// A request to another origin goes as it is, a redirect to one too: the token never
// leaves for a host a request or a redirect names (stricter than net/http, which keeps
// an Authorization header across a redirect to a subdomain, or to plain http on the same
// host).
//
// When the API answers 401, the refused token is reported (as `atomgit-login token
// --refused` does: one refresh, however many report it, in this program and others) and
// the request is sent once more with the new token, when its body can be sent again (it
// has none, or GetBody); the answer to that is returned whatever it is. Once, never a
// loop. A request whose body cannot be sent again gets the 401 as it came, after the
// report. When the report finds the session over (the grant revoked, signed out), the
// request fails with that error (an *Error, inside the *url.Error of the client).
func (s *Session) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{s: s, base: base}
}

type transport struct {
	s    *Session
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.s.origins[origin(req.URL)] {
		return t.base.RoundTrip(req)
	}
	ctx := req.Context()
	tok, err := t.s.Token(ctx)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base.RoundTrip(withToken(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	again, err := t.s.refused(ctx, tok)
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	switch {
	case errors.Is(err, ErrNotSignedIn) && replayable:
		resp.Body.Close()
		return nil, err
	case err != nil || !replayable || again == tok:
		return resp, nil // as it came
	}
	retry := withToken(req, again)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return resp, nil
		}
		retry.Body = body
	}
	resp.Body.Close()
	return t.base.RoundTrip(retry)
}

// withToken is a copy of req that carries tok.
func withToken(req *http.Request, tok string) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

// closeBody closes req's body, as a RoundTripper must even when it sends nothing.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

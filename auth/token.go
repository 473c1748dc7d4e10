package auth

import (
	"context"

	"golang.org/x/oauth2"
)

// Token returns a valid access token of the session, refreshed first when it is due:
// however many callers in however many programs ask at once, one refresh is sent, and
// the new tokens are stored before anyone gets them. It never returns a token that has
// expired. Ask for it each time you need it, rather than keeping it: it costs no request
// while the token is good.
func (s *Session) Token(ctx context.Context) (string, error) {
	if s.isClosed() {
		return "", errClosed
	}
	s.catchUp(ctx)
	tok, err := s.m.Token(ctx)
	if err != nil {
		return "", s.fail(err)
	}
	return tok, nil
}

// refused reports that AtomGit answered 401 to token, as `atomgit-login token --refused`
// does, and returns the token to try again with: a new one when token was the current
// one (one refresh, however many report it at once, here and elsewhere), or the current
// one when the session has moved past token already.
func (s *Session) refused(ctx context.Context, token string) (string, error) {
	if s.isClosed() {
		return "", errClosed
	}
	s.catchUp(ctx)
	tok, err := s.m.Refused(ctx, token)
	if err != nil {
		return "", s.fail(err)
	}
	return tok, nil
}

// TokenSource is the session as an oauth2.TokenSource, for the API clients that take one.
// Each Token call is a Session.Token within ctx; its Expiry is the access token's. It
// needs no oauth2.ReuseTokenSource around it.
func (s *Session) TokenSource(ctx context.Context) oauth2.TokenSource {
	return tokenSource{s: s, ctx: ctx}
}

type tokenSource struct {
	s   *Session
	ctx context.Context
}

func (t tokenSource) Token() (*oauth2.Token, error) {
	tok, err := t.s.Token(t.ctx)
	if err != nil {
		return nil, err
	}
	out := &oauth2.Token{AccessToken: tok, TokenType: "Bearer"}
	if st := t.s.Status(); !st.ExpiresAt.IsZero() {
		out.Expiry = st.ExpiresAt
	}
	return out, nil
}

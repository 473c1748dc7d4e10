package fakeatomgit

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// profile is an API generation: it decides the token request's encoding and
// the shape of the token response.
type profile int

const (
	profile2023    profile = iota // JSON body; expiries as absolute epoch milliseconds
	profileCurrent                // form body; expires_in as a lifetime in seconds
)

// demoUserID is the demo account's id: a string of 24 hex digits, as AtomGit's.
const demoUserID = "64f1c0ffee0123456789abcd"

// defaultScope is reported by the current profile when none was requested.
const defaultScope = "user_info"

type authCode struct {
	user                         string
	clientID, redirectURI, scope string
	pkce                         pkceChallenge // the authorize request's, if it sent one
	expires                      time.Time
}

type accessToken struct {
	user    string
	expires time.Time
}

type refreshToken struct {
	user            string
	clientID, scope string
	expires         time.Time
}

// tokenRequest is the token endpoint's input, from either encoding.
type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	Code         string `json:"code"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURI  string `json:"redirect_uri"`
	RefreshToken string `json:"refresh_token"`
	CodeVerifier string `json:"code_verifier"`
}

func (t tokenRequest) isExchange() bool {
	return t.GrantType == "" || t.GrantType == "authorization_code"
}

// oauthError is an OAuth2 error answer.
type oauthError struct {
	status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func errInvalidRequest(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", desc}
}

func errInvalidGrant(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", desc}
}

// issued is what a successful grant hands out.
type issued struct {
	access, refresh           string
	accessExpires, refreshExp time.Time
	scope                     string
	created                   time.Time
	accessLifetime            time.Duration
}

// handleToken serves the token endpoint of profile p.
func (s *Server) handleToken(p profile) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, perr := readTokenRequest(r, p)
		s.count(func(st *Stats) {
			st.TokenRequests++
			switch {
			case req.isExchange():
				st.Exchanges++
			case req.GrantType == "refresh_token":
				st.Refreshes++
			}
		})
		if s.applyFault(w, r, RouteToken) {
			return
		}
		if perr != nil {
			writeJSON(w, perr.status, perr)
			return
		}
		res, oerr := s.grant(req)
		if oerr != nil {
			writeJSON(w, oerr.status, oerr)
			return
		}
		s.count(func(st *Stats) { st.TokensIssued++ })
		var expiresIn any = int64(res.accessLifetime / time.Second)
		if p == profile2023 {
			expiresIn = res.accessExpires.UnixMilli()
		}
		if announce := s.expiresIn(); announce != nil {
			expiresIn = json.RawMessage(announce(res.created))
		}
		if p == profile2023 {
			writeJSON(w, http.StatusOK, map[string]any{
				"access_token":             res.access,
				"expires_in":               expiresIn,
				"refresh_token":            res.refresh,
				"refresh_token_expires_in": res.refreshExp.UnixMilli(),
			})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token":  res.access,
			"token_type":    "bearer",
			"expires_in":    expiresIn,
			"refresh_token": res.refresh,
			"scope":         res.scope,
			"created_at":    res.created.UTC().Format(time.RFC3339),
		})
	}
}

// readTokenRequest decodes the body by its content type. It decodes what it
// can even when the content type is wrong for the profile (so the request is
// counted by its grant type) and then reports the mismatch.
func readTokenRequest(r *http.Request, p profile) (tokenRequest, *oauthError) {
	var req tokenRequest
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return req, errInvalidRequest("the request body could not be read")
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		dec := json.NewDecoder(bytes.NewReader(body))
		if err := dec.Decode(&req); err != nil {
			return req, errInvalidRequest("the request body is not a JSON object of strings")
		}
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return req, errInvalidRequest("the request body is not form-encoded")
		}
		req = tokenRequest{
			GrantType:    form.Get("grant_type"),
			Code:         form.Get("code"),
			ClientID:     form.Get("client_id"),
			ClientSecret: form.Get("client_secret"),
			RedirectURI:  form.Get("redirect_uri"),
			RefreshToken: form.Get("refresh_token"),
			CodeVerifier: form.Get("code_verifier"),
		}
	}
	if req.ClientID == "" && req.ClientSecret == "" {
		if id, secret, ok := r.BasicAuth(); ok {
			req.ClientID, req.ClientSecret = id, secret
		}
	}
	switch {
	case p == profile2023 && mt != "application/json":
		return req, errInvalidRequest("Content-Type must be application/json")
	case p == profileCurrent && mt != "application/x-www-form-urlencoded":
		return req, errInvalidRequest("Content-Type must be application/x-www-form-urlencoded")
	case p == profileCurrent && req.GrantType == "":
		return req, errInvalidRequest("grant_type is required")
	}
	return req, nil
}

// grant checks the client and the code or refresh token and issues tokens.
func (s *Server) grant(req tokenRequest) (issued, *oauthError) {
	if !s.clientOK(req.ClientID, req.ClientSecret) {
		return issued{}, &oauthError{http.StatusUnauthorized, "invalid_client", "Client authentication failed"}
	}
	if s.opts.ClientNotAuthorized {
		return issued{}, &oauthError{http.StatusBadRequest, "unauthorized_client", "The client is not authorized to use this authorization grant type."}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var scope, rt, who string
	switch {
	case req.isExchange():
		if req.Code == "" {
			return issued{}, errInvalidRequest("code is required")
		}
		c, ok := s.codes[req.Code]
		if !ok {
			return issued{}, errInvalidGrant("The authorization code is invalid or has already been used")
		}
		delete(s.codes, req.Code) // single use, whatever happens next
		switch {
		case !now.Before(c.expires):
			return issued{}, errInvalidGrant("The authorization code has expired")
		case c.clientID != req.ClientID:
			return issued{}, errInvalidGrant("The authorization code was issued to another client")
		case req.RedirectURI != "" && req.RedirectURI != c.redirectURI:
			return issued{}, errInvalidGrant("redirect_uri does not match the authorization request")
		case !c.pkce.verify(req.CodeVerifier):
			return issued{}, errInvalidGrant("code_verifier is missing or does not match the code_challenge")
		}
		scope, rt, who = c.scope, randomToken("refresh_"), c.user
		s.refresh[rt] = &refreshToken{user: who, clientID: c.clientID, scope: scope}
	case req.GrantType == "refresh_token":
		old, ok := s.refresh[req.RefreshToken]
		switch {
		case req.RefreshToken == "":
			return issued{}, errInvalidRequest("refresh_token is required")
		case !ok || old.clientID != req.ClientID:
			return issued{}, errInvalidGrant("The refresh token is invalid or has been revoked")
		case !now.Before(old.expires):
			delete(s.refresh, req.RefreshToken)
			return issued{}, errInvalidGrant("The refresh token has expired")
		}
		scope, rt, who = old.scope, req.RefreshToken, old.user
		if s.opts.RotateRefresh {
			delete(s.refresh, rt)
			rt = randomToken("refresh_")
			s.refresh[rt] = &refreshToken{user: who, clientID: old.clientID, scope: scope}
		}
	default:
		return issued{}, &oauthError{http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"}
	}
	res := issued{
		access:         padded(randomToken("atu_"), s.opts.AccessTokenSize),
		refresh:        rt,
		accessExpires:  now.Add(s.opts.AccessLifetime),
		refreshExp:     now.Add(s.opts.RefreshLifetime),
		scope:          scope,
		created:        now,
		accessLifetime: s.opts.AccessLifetime,
	}
	s.refresh[rt].expires = res.refreshExp
	s.access[res.access] = &accessToken{user: who, expires: res.accessExpires}
	s.saveStateLocked()
	return res, nil
}

// clientOK reports whether id and secret are the registered client's.
func (s *Server) clientOK(id, secret string) bool {
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.ClientID))
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret))
	return idOK&secretOK == 1
}

// user is the user API's answer, the same on both profiles.
type user struct {
	ID        string `json:"id"`
	Login     string `json:"login"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	AvatarURL string `json:"avatar_url"`
	HTMLURL   string `json:"html_url"`
	Bio       string `json:"bio"`
	CreatedAt string `json:"created_at"`
}

// handleUser serves /user/info and /api/v5/user.
func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	s.count(func(st *Stats) { st.UserCalls++ })
	if s.applyFault(w, r, RouteUser) {
		return
	}
	login, ok := s.accessUser(bearerToken(r))
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
		return
	}
	base := baseURL(r)
	u, _ := s.userNamed(login)
	writeJSON(w, http.StatusOK, user{
		ID:        u.id,
		Login:     login,
		Name:      u.name,
		AvatarURL: base + "/avatar/" + url.PathEscape(login) + ".svg",
		HTMLURL:   base + "/" + url.PathEscape(login),
		CreatedAt: "2023-02-02 09:31:24",
	})
}

// accessUser returns the user of a live access token.
func (s *Server) accessUser(tok string) (string, bool) {
	if tok == "" {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.access[tok]
	if !ok || !s.now().Before(at.expires) {
		return "", false
	}
	return at.user, true
}

// bearerToken reads the access token from the Authorization header, or from
// the access_token query parameter that GitCode's API also accepts.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	if h != "" {
		return ""
	}
	return r.URL.Query().Get("access_token")
}

// baseURL is the scheme and host the request was addressed to.
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// padded is token made n characters long with more of its own kind of characters (at
// least as long as it is).
func padded(token string, n int) string {
	if len(token) >= n {
		return token
	}
	return token + strings.Repeat("A", n-len(token))
}

// expiresIn is Options.ExpiresIn, as SetExpiresIn left it.
func (s *Server) expiresIn() func(time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.ExpiresIn
}

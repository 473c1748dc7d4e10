package fakeatomgit

import (
	"cmp"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// The control routes, served with Options.Controls (atomgit-login demo-server): what a
// script does to the stand-in that a person does on AtomGit. They answer POSTs of a form
// (application/x-www-form-urlencoded), so that curl drives them:
//
//   - POST /demo/approve: url, the authorize page's address a program sent the person to;
//     username and password (default: the demo user's); action, allow (the default) or
//     deny. It answers as the authorize page's Allow or Deny does: a redirect to the
//     program's callback address, with a code or with access_denied (curl -L follows it).
//   - POST /demo/revoke: the person revokes the app (RevokeAll): a refresh is refused as
//     invalid_grant, and the API answers 401.
//   - POST /demo/refuse: the API answers 401 to every access token issued so far
//     (RevokeAccess); a refresh, which the refresh tokens still allow, cures it.
func (s *Server) controls(m *http.ServeMux) {
	m.HandleFunc("POST /demo/approve", s.handleApprove)
	m.HandleFunc("POST /demo/revoke", func(w http.ResponseWriter, r *http.Request) {
		s.RevokeAll()
		said(w, http.StatusOK, "revoked: every code and token issued so far is refused")
	})
	m.HandleFunc("POST /demo/refuse", func(w http.ResponseWriter, r *http.Request) {
		s.RevokeAccess()
		said(w, http.StatusOK, "refused: the API answers 401 to the access tokens issued so far, until they are refreshed")
	})
}

// handleApprove answers an authorize request for a script: see controls.
func (s *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		said(w, http.StatusBadRequest, "the form could not be read")
		return
	}
	f := r.PostForm
	u, err := url.Parse(f.Get("url"))
	if err != nil {
		u = &url.URL{}
	}
	p, known := authorizePaths[u.Path]
	if !known {
		said(w, http.StatusBadRequest, "url must be the authorize page's address (…/login/oauth/authorize?… or …/oauth/authorize?…)")
		return
	}
	ar, msg := s.checkAuthorize(u.Query())
	if msg != "" {
		said(w, http.StatusBadRequest, msg)
		return
	}
	user, ok := s.checkPassword(cmp.Or(f.Get("username"), s.opts.Username), cmp.Or(f.Get("password"), s.opts.Password))
	if !ok {
		said(w, http.StatusForbidden, "incorrect username or password")
		return
	}
	if pkce, ok := s.precheck(w, r, p, ar); ok {
		s.decide(w, r, ar, pkce, user, cmp.Or(f.Get("action"), "allow"))
	}
}

// authorizePaths are the authorize pages' paths, and their profiles.
var authorizePaths = map[string]profile{"/login/oauth/authorize": profile2023, "/oauth/authorize": profileCurrent}

// said answers a control request with a line of plain text.
func said(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, strings.TrimSpace(msg)+"\n") //nolint:errcheck // the client went away
}

// RevokeAccess makes the API answer 401 to every access token issued so far, as AtomGit
// does to a token it no longer honours before its expiry; the refresh tokens stay good,
// so a refresh issues working ones.
func (s *Server) RevokeAccess() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.access)
	s.saveStateLocked()
}

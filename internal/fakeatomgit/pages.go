package fakeatomgit

import (
	"cmp"
	"crypto/subtle"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// sessionCookie names the cookie that keeps the person signed in on the site.
const sessionCookie = "atomgit_demo_session"

// webSession is a person signed in on the site.
type webSession struct {
	user string
	csrf string // echoed by the authorize form, proving it came from this session
}

// pageData is what the pages show.
type pageData struct {
	Title, Error                 string
	Status                       int
	Next, DemoUser, DemoPassword string
	AppName, User, Action        string
	RedirectHost, SignOut        string
	Hidden                       []field
	Page                         string // the page's name, for the shown beacon
}

type field struct{ Name, Value string }

// render answers an HTML page, never cached and unable to load anything
// from elsewhere.
func render(w http.ResponseWriter, status int, name string, d pageData) {
	d.Page = name
	body, ok := writePage(name, d)
	if !ok {
		http.Error(w, "fakeatomgit: no page "+name, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	io.WriteString(w, body) //nolint:errcheck // the client went away.
}

func errorPage(w http.ResponseWriter, status int, msg string) {
	render(w, status, "error", pageData{Title: "Error · AtomGit (demo)", Status: status, Error: msg})
}

// session returns the request's web session, or nil.
func (s *Server) session(r *http.Request) *webSession {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.sessions[c.Value]; ok {
		copied := *ws
		return &copied
	}
	return nil
}

// handleLoginPage shows the login form, or goes on to next when signed in.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if s.applyFault(w, r, RouteLogin) {
		return
	}
	next := r.URL.Query().Get("next")
	if s.session(r) != nil {
		http.Redirect(w, r, safeNext(next, "/"), http.StatusFound)
		return
	}
	s.loginForm(w, http.StatusOK, next, "")
}

func (s *Server) loginForm(w http.ResponseWriter, status int, next, msg string) {
	render(w, status, "login", pageData{
		Title:        "Sign in · AtomGit (demo)",
		Error:        msg,
		Next:         next,
		DemoUser:     s.opts.Username,
		DemoPassword: s.opts.Password,
	})
	s.count(func(st *Stats) { st.LoginPages++ })
}

// handleLogin checks the credentials, starts a web session and goes on to
// next, which must be a path on this server.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if s.applyFault(w, r, RouteLogin) {
		return
	}
	if err := r.ParseForm(); err != nil {
		errorPage(w, http.StatusBadRequest, "The form could not be read.")
		return
	}
	next := r.PostForm.Get("next")
	login, ok := s.checkPassword(r.PostForm.Get("username"), r.PostForm.Get("password"))
	if !ok {
		s.loginForm(w, http.StatusOK, next, "Incorrect username or password.")
		return
	}
	id := randomToken("")
	s.mu.Lock()
	s.sessions[id] = &webSession{user: login, csrf: randomToken("")}
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	s.count(func(st *Stats) { st.Logins++ })
	http.Redirect(w, r, safeNext(next, "/"), http.StatusFound)
}

// handleLogout ends the web session and goes on to next (default: /login).
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.mu.Lock()
		delete(s.sessions, c.Value)
		s.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, safeNext(r.FormValue("next"), "/login"), http.StatusFound)
}

// safeNext returns next if it is a path on this server, else fallback. It
// refuses anything a browser could read as another origin: "//host",
// "/\host", schemes, and control characters browsers strip.
func safeNext(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return fallback
	}
	for i := 0; i < len(next); i++ {
		if next[i] < 0x20 || next[i] == 0x7f {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}

// authzRequest is an authorize request's parameters.
type authzRequest struct {
	ClientID, State, RedirectURI, Scope, ResponseType string
	CodeChallenge, CodeChallengeMethod                string
}

// checkAuthorize reads and validates an authorize request. A non-empty
// message means the request must not be redirected anywhere.
func (s *Server) checkAuthorize(q url.Values) (authzRequest, string) {
	ar := authzRequest{
		ClientID:     q.Get("client_id"),
		State:        q.Get("state"),
		RedirectURI:  q.Get("redirect_uri"),
		Scope:        q.Get("scope"),
		ResponseType: q.Get("response_type"),
	}
	ar.CodeChallenge, ar.CodeChallengeMethod = q.Get("code_challenge"), q.Get("code_challenge_method")
	if ar.ClientID == "" || ar.ClientID != s.opts.ClientID {
		return ar, "The application (client_id) is not registered on AtomGit."
	}
	if ar.RedirectURI == "" {
		if len(s.opts.RedirectURIs) == 0 {
			return ar, "The request has no redirect_uri."
		}
		ar.RedirectURI = s.opts.RedirectURIs[0]
	}
	if !s.redirectAllowed(ar.RedirectURI) {
		return ar, "The redirect_uri is not a registered callback URL of this application."
	}
	return ar, ""
}

// redirectAllowed reports whether uri is a registered callback, or, with
// none registered, an http loopback URL.
func (s *Server) redirectAllowed(uri string) bool {
	if len(s.opts.RedirectURIs) > 0 {
		for _, allowed := range s.opts.RedirectURIs {
			if uri == allowed {
				return true
			}
		}
		return false
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

// handleAuthorize serves the authorize page (GET) and its Allow and Deny
// answers (POST) for profile p.
func (s *Server) handleAuthorize(p profile) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.applyFault(w, r, RouteAuthorize) {
			return
		}
		q := r.URL.Query()
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				errorPage(w, http.StatusBadRequest, "The form could not be read.")
				return
			}
			q = r.PostForm
		}
		ar, msg := s.checkAuthorize(q)
		if msg != "" {
			errorPage(w, http.StatusBadRequest, msg)
			return
		}
		pkce, ok := s.precheck(w, r, p, ar)
		if !ok {
			return
		}
		ws := s.session(r)
		if ws == nil {
			self := r.URL.Path + "?" + ar.query().Encode()
			if r.Method == http.MethodGet {
				self = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(self), http.StatusFound)
			return
		}
		if r.Method == http.MethodGet {
			s.authorizePage(w, r, ar, ws)
			return
		}
		if subtle.ConstantTimeCompare([]byte(q.Get("csrf")), []byte(ws.csrf)) != 1 {
			errorPage(w, http.StatusForbidden, "The form has expired. Go back and try again.")
			return
		}
		s.decide(w, r, ar, pkce, ws.user, q.Get("action"))
	}
}

// precheck checks what the authorize request ar of profile p needs before the person is
// asked (the current profile's response_type, a client allowed the code grant, a
// well-formed PKCE challenge); when it
// fails, the browser is sent back to the app with the error, and ok is false.
func (s *Server) precheck(w http.ResponseWriter, r *http.Request, p profile, ar authzRequest) (pkce pkceChallenge, ok bool) {
	if p == profileCurrent && ar.ResponseType != "code" {
		s.redirectBack(w, r, ar, url.Values{
			"error":             {"unsupported_response_type"},
			"error_description": {"response_type must be code"},
		})
		return pkce, false
	}
	if s.opts.ClientNotAuthorized {
		s.redirectBack(w, r, ar, url.Values{
			"error":             {"unauthorized_client"},
			"error_description": {"The client is not authorized to request an authorization code using this method."},
		})
		return pkce, false
	}
	pkce, problem := readChallenge(ar.CodeChallenge, ar.CodeChallengeMethod)
	if problem != "" {
		s.redirectBack(w, r, ar, url.Values{"error": {"invalid_request"}, "error_description": {problem}})
		return pkce, false
	}
	return pkce, true
}

// decide sends the browser back to the app with user's answer to ar: a code on "allow",
// access_denied on "deny".
func (s *Server) decide(w http.ResponseWriter, r *http.Request, ar authzRequest, pkce pkceChallenge, user, action string) {
	switch action {
	case "allow":
		code := randomToken("")
		s.mu.Lock()
		s.codes[code] = &authCode{
			user:        user,
			clientID:    ar.ClientID,
			redirectURI: ar.RedirectURI,
			scope:       cmp.Or(ar.Scope, defaultScope),
			pkce:        pkce,
			expires:     s.now().Add(s.opts.CodeLifetime),
		}
		s.mu.Unlock()
		s.count(func(st *Stats) { st.CodesIssued++ })
		s.redirectBack(w, r, ar, url.Values{"code": {code}})
	case "deny":
		s.count(func(st *Stats) { st.Denials++ })
		s.redirectBack(w, r, ar, url.Values{
			"error":             {"access_denied"},
			"error_description": {"The user denied the request"},
		})
	default:
		errorPage(w, http.StatusBadRequest, "Choose Allow or Deny.")
	}
}

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request, ar authzRequest, ws *webSession) {
	hidden := []field{{"csrf", ws.csrf}}
	for k, v := range ar.query() {
		hidden = append(hidden, field{k, v[0]})
	}
	slices.SortFunc(hidden, func(a, b field) int { return strings.Compare(a.Name, b.Name) })
	redirectHost := ar.RedirectURI
	if u, err := url.Parse(ar.RedirectURI); err == nil {
		redirectHost = u.Scheme + "://" + u.Host
	}
	render(w, http.StatusOK, "authorize", pageData{
		Title:        "Authorize " + s.opts.AppName + " · AtomGit (demo)",
		AppName:      s.opts.AppName,
		User:         ws.user,
		Action:       r.URL.Path,
		RedirectHost: redirectHost,
		SignOut:      "/logout?next=" + url.QueryEscape(r.URL.RequestURI()),
		Hidden:       hidden,
	})
	s.count(func(st *Stats) { st.AuthorizePages++ })
}

// query returns the request's non-empty parameters.
func (ar authzRequest) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{
		"client_id": ar.ClientID, "state": ar.State, "redirect_uri": ar.RedirectURI,
		"scope": ar.Scope, "response_type": ar.ResponseType,
		"code_challenge": ar.CodeChallenge, "code_challenge_method": ar.CodeChallengeMethod,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// redirectBack sends the browser to the redirect URI with params and state.
func (s *Server) redirectBack(w http.ResponseWriter, r *http.Request, ar authzRequest, params url.Values) {
	u, err := url.Parse(ar.RedirectURI)
	if err != nil {
		errorPage(w, http.StatusBadRequest, "The redirect_uri is not a URL.")
		return
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if ar.State != "" {
		q.Set("state", ar.State)
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// handleAvatar serves the demo user's avatar at /avatar/<login>.svg.
func (s *Server) handleAvatar(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userNamed(strings.TrimSuffix(r.PathValue("file"), ".svg")); !ok || !strings.HasSuffix(r.PathValue("file"), ".svg") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write([]byte(avatarSVG)) //nolint:errcheck
}

// handleHome serves "/" and the user's profile page ("/<login>").
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userNamed(strings.TrimPrefix(r.URL.Path, "/")); r.URL.Path != "/" && !ok {
		errorPage(w, http.StatusNotFound, "There is no page here.")
		return
	}
	d := pageData{Title: "AtomGit (demo)"}
	if ws := s.session(r); ws != nil {
		d.User = ws.user
	}
	render(w, http.StatusOK, "home", d)
}

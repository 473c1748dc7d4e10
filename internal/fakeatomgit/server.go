// Package fakeatomgit is an AtomGit-compatible OAuth2 server for tests and for
// the app's offline demo.
//
// One Server answers both the web host's paths (atomgit.com: login, authorize)
// and the API host's paths (api.atomgit.com: token, user), for both API
// profiles:
//
//   - the 2023 profile (AtomGit's 2023 documentation): GET /login/oauth/authorize,
//     POST /login/oauth/access_token (JSON body, expiries as absolute epoch
//     milliseconds), GET /user/info;
//   - the current profile: GET /oauth/authorize (response_type=code),
//     POST /oauth/token (form body, expires_in as a lifetime in seconds),
//     GET /api/v5/user.
//
// It also serves a login form (/login), /logout, the user's avatar
// (/avatar/<login>.svg) and a small home page. The pages use inline CSS
// only, load nothing from the network and work by keyboard alone.
//
// PKCE (RFC 7636) is supported, not required: a code whose authorize request
// carried a code_challenge (S256 or plain) is exchanged only with its
// code_verifier; a code without one is exchanged as before.
//
// A Server is an http.Handler, so tests can wrap it in httptest.NewServer; the
// demo calls Start to listen on 127.0.0.1. Faults (SetFault) make a route
// fail in the ways a real network and server do; Stats and Wait let tests
// wait for what happened instead of sleeping.
package fakeatomgit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Defaults used when the corresponding Options field is empty.
const (
	DefaultClientID     = "demo-client-id"
	DefaultClientSecret = "demo-client-secret"
	DefaultUsername     = "demo"
	DefaultPassword     = "demo-password"
	DefaultAppName      = "AtomGit Login"
)

// ErrClosed is returned by Wait and Start once the server has been closed.
var ErrClosed = errors.New("fakeatomgit: server closed")

// Options configure a Server. The zero value is a working demo server.
type Options struct {
	// ClientID and ClientSecret identify the one registered OAuth app.
	// Defaults: "demo-client-id" / "demo-client-secret".
	ClientID, ClientSecret string
	// AppName is the OAuth app's name shown on the authorize page.
	// Default: "AtomGit Login".
	AppName string
	// RedirectURIs are the registered callback URLs, matched exactly. When
	// empty, any http loopback URI (127.0.0.1, localhost or [::1], any
	// port) is allowed. When an authorize request omits redirect_uri, the
	// first entry is used.
	RedirectURIs []string
	// AccessLifetime is how long an access token is valid. Default: 8h.
	AccessLifetime time.Duration
	// RefreshLifetime is how long a refresh token is valid from its last
	// issue or refresh. Default: 184 days.
	RefreshLifetime time.Duration
	// CodeLifetime is how long an authorization code can be exchanged.
	// Default: 60s.
	CodeLifetime time.Duration
	// ExpiresIn, when set, is the expires_in the token endpoint announces, as JSON text,
	// for tokens issued at now, in place of the true one (the tokens still live
	// AccessLifetime here): a server whose tokens seem to expire at once ("0.001"), or whose
	// clock is wrong (epoch milliseconds in the past). Both profiles send it as it is.
	ExpiresIn func(now time.Time) string
	// AccessTokenSize, when set, makes every access token issued this many characters
	// long (at least its usual length): a server whose tokens are too large for a keyring
	// entry. Default: AtomGit's short tokens.
	AccessTokenSize int
	// RotateRefresh makes every refresh issue a new refresh token and
	// invalidate the old one. Without it a refresh returns the same refresh
	// token string with a later expiry, as AtomGit's documented example does.
	RotateRefresh bool
	// Now is the server's clock for token, code and refresh expiry.
	// Default: time.Now. Fault delays use real time.
	Now func() time.Time
	// Username and Password are the demo account's credentials.
	// Defaults: "demo" / "demo-password".
	Username, Password string
	// ClientNotAuthorized makes the registered app one that may not use the authorization
	// code grant, answered as RFC 6749 says: the authorize request by a redirect back with
	// error=unauthorized_client, the token endpoint with 400 unauthorized_client. (A client
	// id or redirect URI it does not know gets an error page that does not redirect, and a
	// wrong client secret 401 invalid_client, with or without this.)
	ClientNotAuthorized bool
	// DateSkew sets every answer's Date header this far from the real time: a server whose
	// clock is off (diagnose compares). Token expiries follow Now, not this.
	DateSkew time.Duration
	// StateFile, when set, keeps the issued tokens in this file between runs (the demo).
	StateFile string
	// Controls serves the routes with which a script approves a sign-in, revokes the grant
	// or has the API refuse the tokens (see controls): the developer's stand-in,
	// atomgit-login demo-server. Off for the window's demo and for tests.
	Controls bool
	// OnChange, when set, is told the stats after every change (the demo logs them, so
	// that end-to-end tests of the demo know which page is showing). It runs with the
	// server's lock held: it must not call the Server.
	OnChange func(Stats)
}

func (o Options) withDefaults() Options {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.ClientID, DefaultClientID)
	def(&o.ClientSecret, DefaultClientSecret)
	def(&o.AppName, DefaultAppName)
	def(&o.Username, DefaultUsername)
	def(&o.Password, DefaultPassword)
	if o.AccessLifetime <= 0 {
		o.AccessLifetime = 8 * time.Hour
	}
	if o.RefreshLifetime <= 0 {
		o.RefreshLifetime = 184 * 24 * time.Hour
	}
	if o.CodeLifetime <= 0 {
		o.CodeLifetime = 60 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.RedirectURIs = append([]string(nil), o.RedirectURIs...)
	return o
}

// Stats counts the requests a Server has handled. Requests answered by a
// Fault are counted too.
type Stats struct {
	Exchanges      int // token requests exchanging a code (grant_type absent or authorization_code), successful or not
	Refreshes      int // token requests with grant_type refresh_token, successful or not
	TokenRequests  int // every request reaching a token endpoint, including malformed ones
	TokensIssued   int // successful exchanges and refreshes
	UserCalls      int // requests to /user/info or /api/v5/user, authorized or not
	AuthorizePages int // authorize pages served (the page with Allow and Deny)
	LoginPages     int // login forms served, including re-displays after wrong credentials
	Logins         int // successful sign-ins on the login form
	CodesIssued    int // Allow pressed: a code was sent to the redirect URI
	Denials        int // Deny pressed
	LoginShown     int // login pages rendered by a browser, focus in the first field
	AuthorizeShown int // authorize pages rendered by a browser, focus on Allow
	InFlight       int // requests being handled now: a test decides only when it is 0
}

// Server is a fake AtomGit: an http.Handler serving the web and API hosts.
// All its methods are safe for concurrent use.
type Server struct {
	opts      Options // read-only after New
	mux       *http.ServeMux
	closed    chan struct{} // closed by Close
	closeOnce sync.Once

	mu       sync.Mutex // guards every field below
	sessions map[string]*webSession
	codes    map[string]*authCode
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	faults   map[Route]*Fault
	stats    Stats
	changed  chan struct{} // closed and replaced whenever stats change
	url      string
	httpSrv  *http.Server // set by Start
	shut     bool         // set by Close: Start must not serve
}

// New returns a Server configured by opts (see Options for the defaults).
func New(opts Options) *Server {
	s := &Server{
		opts:     opts.withDefaults(),
		mux:      http.NewServeMux(),
		closed:   make(chan struct{}),
		sessions: make(map[string]*webSession),
		codes:    make(map[string]*authCode),
		access:   make(map[string]*accessToken),
		refresh:  make(map[string]*refreshToken),
		faults:   make(map[Route]*Fault),
		changed:  make(chan struct{}),
	}
	m := s.mux
	m.HandleFunc("GET /login/oauth/authorize", s.handleAuthorize(profile2023))
	m.HandleFunc("POST /login/oauth/authorize", s.handleAuthorize(profile2023))
	m.HandleFunc("POST /login/oauth/access_token", s.handleToken(profile2023))
	m.HandleFunc("GET /user/info", s.handleUser)
	m.HandleFunc("GET /oauth/authorize", s.handleAuthorize(profileCurrent))
	m.HandleFunc("POST /oauth/authorize", s.handleAuthorize(profileCurrent))
	m.HandleFunc("POST /oauth/token", s.handleToken(profileCurrent))
	m.HandleFunc("GET /api/v5/user", s.handleUser)
	m.HandleFunc("GET /login", s.handleLoginPage)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("GET /logout", s.handleLogout)
	m.HandleFunc("POST /logout", s.handleLogout)
	m.HandleFunc("GET /avatar/{file}", s.handleAvatar)
	m.HandleFunc("GET /_shown.js", s.handleShownJS)
	m.HandleFunc("POST /_shown", s.handleShown)
	m.HandleFunc("GET /", s.handleHome)
	if s.opts.Controls {
		s.controls(m)
	}
	s.loadState()
	return s
}

// ServeHTTP answers one request on either host's paths; once the server is closed, it
// refuses every request (503) without handling it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, ErrClosed.Error(), http.StatusServiceUnavailable)
		return
	}
	defer s.inFlight(-1)
	if s.opts.DateSkew != 0 {
		w.Header().Set("Date", time.Now().Add(s.opts.DateSkew).UTC().Format(http.TimeFormat))
	}
	s.mux.ServeHTTP(w, r)
}

// enter counts a request in, unless the server is closed: in one step, so that Stop
// never misses a request that Close let in.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shut {
		return false
	}
	s.inFlightLocked(1)
	return true
}

// Start listens on addr (for example "127.0.0.1:0") and serves in the
// background until ctx is cancelled or Close is called. It returns once the
// listener is ready; URL then reports the base URL. A Server can be started
// once.
func (s *Server) Start(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("fakeatomgit: listen: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	switch {
	case s.shut:
		err = ErrClosed
	case s.httpSrv != nil:
		err = errors.New("fakeatomgit: server already started")
	default:
		s.httpSrv = srv
		s.url = "http://" + ln.Addr().String()
	}
	s.mu.Unlock()
	if err != nil {
		ln.Close()
		return err
	}
	go srv.Serve(ln) //nolint:errcheck // Serve always ends with ErrServerClosed after Close.
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.closed:
		}
	}()
	return nil
}

// URL returns the base URL ("http://127.0.0.1:PORT") after Start, or "".
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close stops the listener started by Start, closes its connections and
// releases requests held by a Hang or Delay fault and callers of Wait. It is
// safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	s.shut = true
	srv := s.httpSrv
	s.mu.Unlock()
	var err error
	if srv != nil {
		if cerr := srv.Close(); cerr != nil {
			err = fmt.Errorf("fakeatomgit: close: %w", cerr)
		}
	}
	s.closeOnce.Do(func() { close(s.closed) })
	return err
}

// Stop closes the server (Close) and returns once no request is being handled any more:
// after Stop, nothing of the server answers a request or writes its state file.
func (s *Server) Stop() error {
	err := s.Close()
	for {
		s.mu.Lock()
		n, changed := s.stats.InFlight, s.changed
		s.mu.Unlock()
		if n == 0 {
			return err
		}
		<-changed
	}
}

// Endpoint2023 returns the 2023 profile's endpoints, rooted at URL.
func (s *Server) Endpoint2023() (authorizeURL, tokenURL, userURL string) {
	u := s.URL()
	return u + "/login/oauth/authorize", u + "/login/oauth/access_token", u + "/user/info"
}

// EndpointCurrent returns the current profile's endpoints, rooted at URL.
func (s *Server) EndpointCurrent() (authorizeURL, tokenURL, userURL string) {
	u := s.URL()
	return u + "/oauth/authorize", u + "/oauth/token", u + "/api/v5/user"
}

// Stats returns a copy of the request counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Wait blocks until pred returns true for the current Stats, re-checking
// after every change. It returns ctx.Err() if ctx ends first, or ErrClosed
// once the server is closed. pred is called without any lock held.
func (s *Server) Wait(ctx context.Context, pred func(Stats) bool) error {
	for {
		s.mu.Lock()
		st, changed := s.stats, s.changed
		s.mu.Unlock()
		if pred(st) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.closed:
			return ErrClosed
		case <-changed:
		}
	}
}

// RevokeAll invalidates every authorization code, access token and refresh
// token, as when the person revokes the app. Web sessions (the person being
// signed in on the site) stay.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.codes)
	clear(s.access)
	clear(s.refresh)
	s.saveStateLocked()
}

// count applies f to the stats and wakes waiters.
func (s *Server) count(f func(*Stats)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.stats)
	if s.opts.OnChange != nil {
		s.opts.OnChange(s.stats)
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// inFlight adds d to the requests being handled and wakes waiters; it is no change
// worth reporting to OnChange.
func (s *Server) inFlight(d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlightLocked(d)
}

func (s *Server) inFlightLocked(d int) {
	s.stats.InFlight += d
	close(s.changed)
	s.changed = make(chan struct{})
}

// now returns the server clock's current time.
func (s *Server) now() time.Time { return s.opts.Now() }

// randomToken returns prefix followed by 26 random base32 characters (130 bits).
func randomToken(prefix string) string { return prefix + rand.Text() }

// writeJSON answers status with v encoded as JSON, never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck // the client went away; nothing to do.
}

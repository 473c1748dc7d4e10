// Package wailsauth puts AtomGit Login's sign-in inside another Wails v2 app's window:
// its screens served under a path of the app's asset server (Path), with the app's name,
// logo and accent colour; the sign-in caught in the app's own webview (on Linux with
// WebKitGTK 4.1 by its navigation policy, no port opened; elsewhere on the redirect URI's
// loopback port); and the session, shared with atomgit-login, its commands and its git
// helper, for the app's Go code (Session).
//
// It is the code of AtomGit Login's own window, which is a host of this package like any
// other: sign-in, status, refresh, sign-out, several accounts, following other programs,
// and the web session ended at sign-out all behave as there. The rules are the same: the
// state is compared in constant time, PKCE when the Config asks for it, AtomGit's pages
// never reach the app's bindings (leave options.App's BindingsAllowedOrigins empty), and
// the page never sees a token.
//
// A host adds, to a Wails v2 app built with `wails build` (add -tags webkit2_41 on Linux
// for WebKitGTK 4.1, which the catch needs):
//
//	login, err := wailsauth.New(cfg, wailsauth.Brand{Name: "Acme", Logo: logoPNG, Accent: "#0a7f5a"})
//	…
//	err = wails.Run(&options.App{
//		AssetServer: &assetserver.Options{Assets: assets, Middleware: login.Middleware},
//		OnStartup:   login.Startup,
//		OnDomReady:  login.DomReady,
//		OnShutdown:  login.Shutdown,
//		Bind:        []any{login.Service()},
//	})
//
// and links its page to Path ("/atomgit-login/"). When a sign-in in the window ends (or
// is cancelled), the window goes back to the app's own start page, which reads the
// session through its own bindings (login.Session() in Go) or follows the "status" event.
package wailsauth

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/facade"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Path is where Middleware serves the sign-in page on the app's asset server: the app's
// page links to it, or sets window.location to it.
const Path = "/atomgit-login/"

// StatusEvent is the Wails event that carries each new status of the session to every
// page of the window (the sign-in page's, and the app's own if it listens).
const StatusEvent = "status"

// page is AtomGit Login's page (frontend/), built: committed, so that a program that
// imports this package builds without npm (page_test.go checks it against frontend/).
//
//go:embed page/index.html
var page []byte

// Brand is how the sign-in looks in the app: checked as atomgit-login's settings are.
type Brand struct {
	// Name is the app's name, on the sign-in screen and AtomGit's callback page; "": the
	// Config's AppName.
	Name string
	// Logo is the app's logo: a PNG, JPEG or SVG image of at most 1 MiB; nil: AtomGit
	// Login's.
	Logo []byte
	// Accent is the accent colour, #rrggbb (or #rgb); "": AtomGit Login's colours.
	Accent string
}

// Login is the sign-in in a Wails app's window. Its methods are what the app hands
// Wails; Session is the session for the app's Go code. It is safe for concurrent use.
type Login struct {
	h   *window.Host
	svc *Service
	cfg *auth.Config // opened as Session at Startup; nil for AtomGit Login's own window

	mu  sync.Mutex // guards the fields below
	s   *auth.Session
	err error
}

func init() {
	window.PublicFace = func(h *window.Host) any { return face(h, nil) }
}

// face is the Login over h; with cfg, its Startup opens the Session too.
func face(h *window.Host, cfg *auth.Config) *Login {
	return &Login{h: h, svc: &Service{c: h.Controller()}, cfg: cfg}
}

// New is the sign-in of cfg's OAuth app, branded with b. A Config or Brand that is not
// right is an *auth.Error with auth.ErrMisconfigured that names the field. A Config
// without a ClientID is none: the sign-in page then shows how to set one up (and offers
// the demo), as atomgit-login's window does, and Session stays nil; so `wails build`,
// which runs the program to make its bindings, needs no OAuth app. Nothing is read or
// opened before Startup.
func New(cfg auth.Config, b Brand) (*Login, error) {
	cc, err := facade.Settings(cfg, map[string]string{"app_name": b.Name, "accent": b.Accent})
	if err != nil {
		return nil, err
	}
	o := window.HostOptions{Path: Path, Page: page, Options: window.Options{Log: slog.Default(), Started: time.Now()}}
	if b.Logo != nil {
		if o.Logo, err = brand.NewLogo(b.Logo); err != nil {
			return nil, &auth.Error{Kind: auth.ErrMisconfigured, Detail: "Brand.Logo: " + err.Error()}
		}
	}
	env := &wiring.Env{Config: cc, Store: wiring.NewStore(cc), User: cfg.Account, Getenv: os.Getenv, Log: o.Log}
	h, err := window.NewHost(env, o)
	if err != nil {
		return nil, err
	}
	if !cc.Configured() {
		return face(h, nil), nil // no session for the app's Go code
	}
	return face(h, &cfg), nil
}

// Middleware serves the sign-in page at Path (and its logo); every other request goes to
// next, the app's own assets. Give it as assetserver.Options' Middleware.
func (l *Login) Middleware(next http.Handler) http.Handler { return l.h.Middleware(next) }

// Startup opens the session once the window exists: give it as options.App's OnStartup
// (or call it from yours, with Wails' context). When the session cannot open (a store
// that cannot be used), the window closes, and Err says why.
func (l *Login) Startup(ctx context.Context) {
	l.h.Startup(ctx)
	if l.cfg == nil || l.h.Err() != nil {
		return
	}
	s, err := auth.Open(ctx, *l.cfg)
	l.mu.Lock()
	l.s, l.err = s, err
	l.mu.Unlock()
}

// DomReady is options.App's OnDomReady (or is called from yours, with Wails' context).
func (l *Login) DomReady(ctx context.Context) { l.h.DomReady(ctx) }

// Shutdown closes the session: give it as options.App's OnShutdown (or call it from
// yours). It returns once nothing of the sign-in runs any more; what is stored stays.
func (l *Login) Shutdown(ctx context.Context) {
	l.h.Shutdown(ctx)
	l.mu.Lock()
	s := l.s
	l.mu.Unlock()
	if s != nil {
		_ = s.Close()
	}
}

// Service is what the sign-in page calls: give it in options.App's Bind (the page calls
// it as window.go.wailsauth.Service).
func (l *Login) Service() *Service { return l.svc }

// Session is the session for the app's Go code, once Startup has opened it (nil before,
// without a ClientID, or when it could not open: Err says why). It is the same session as the window's, and
// atomgit-login's: its Token, Client and Status, and Watch for each change, whoever makes
// it. Do not Close it: Shutdown does.
func (l *Login) Session() *auth.Session {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.s
}

// Err is why Startup could not open the session; nil when it did, or has not run yet.
func (l *Login) Err() error {
	if err := l.h.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

package window

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/bootpage"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Host is the sign-in in a Wails app's window: a Controller, and what the app hands
// Wails for it (the page served under a path of its asset server, its start and end).
// AtomGit Login's window is one (at the path "/"), and so is every app that uses
// auth/wailsauth, whose Login is a face of a Host.
type Host struct {
	c    *Controller
	path string
	page []byte      // the page's index.html; nil: next serves what it has there
	logo *brand.Logo // the logo the page shows; nil: the built-in one

	mu       sync.Mutex // guards the fields below
	err      error      // why the session did not open (Startup)
	stop     context.CancelFunc
	shutdown sync.Once
}

// HostOptions are what a Host is told besides its Env.
type HostOptions struct {
	Options
	// Path is where the page is served on the app's asset server: a path that begins
	// and ends with "/". "/": the app's own page is the sign-in (AtomGit Login).
	Path string
	// Page is the page's index.html (frontend/, built); nil: the asset server's own.
	Page []byte
	// Logo is the logo's image; nil: the settings' logo file (read now), or the built-in
	// logo. Options.LogoURL is set from it.
	Logo *brand.Logo
}

// PublicFace makes auth/wailsauth's Login over a Host: set by that package, so that
// AtomGit Login's main package uses the public face like any other host, although it
// builds its Env from the command line. Nil until that package is linked.
var PublicFace func(*Host) any

// NewHost is the sign-in over env, served at o.Path. A logo file in the settings that
// cannot be the logo is a *config.Error naming the setting.
func NewHost(env *wiring.Env, o HostOptions) (*Host, error) {
	if o.Path == "" || !strings.HasPrefix(o.Path, "/") || !strings.HasSuffix(o.Path, "/") {
		o.Path = "/"
	}
	logo := o.Logo
	if path := env.Config.Logo; logo == nil && path != "" {
		// Read once, now: the page gets this copy or nothing, never a file of its choosing.
		var err error
		if logo, err = brand.LoadLogo(path); err != nil {
			return nil, &config.Error{Setting: env.Config.SettingName("logo"), Msg: err.Error()}
		}
	}
	if logo != nil {
		o.LogoURL = o.Path + strings.TrimPrefix(brand.LogoPath, "/")
	}
	return &Host{c: New(env, o.Options), path: o.Path, page: o.Page, logo: logo}, nil
}

// Controller is the host's controller: what the page's calls are handed to.
func (h *Host) Controller() *Controller { return h.c }

// Middleware serves the page at the host's path (and its index.html) with its first
// screen's data inlined, and the logo beside it; other paths under it are not found
// (unless the path is "/"), and every other request goes to next.
func (h *Host) Middleware(next http.Handler) http.Handler {
	page := next
	if h.page != nil {
		page = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(h.page)
		})
	}
	withData := bootpage.Middleware(h.path, h.c.boot)(page)
	logoPath := h.path + strings.TrimPrefix(brand.LogoPath, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == h.path || p == h.path+"index.html":
			withData.ServeHTTP(w, r)
		case p == logoPath && h.logo != nil:
			r = r.Clone(r.Context())
			r.URL.Path = brand.LogoPath
			h.logo.ServeHTTP(w, r)
		case h.path != "/" && strings.HasPrefix(p, h.path):
			http.NotFound(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// Startup opens the session once the window exists (Wails' OnStartup, with its context).
// When it cannot, the window closes, and Err says why.
func (h *Host) Startup(wctx context.Context) {
	life, stop := context.WithCancel(context.WithoutCancel(wctx)) // ends with Shutdown
	h.mu.Lock()
	h.stop = stop
	h.mu.Unlock()
	win := desktop.HostWindow(wctx)
	if err := h.c.Startup(life, win); err != nil {
		h.c.log.Error("the session did not open: the window closes", "err", err)
		h.mu.Lock()
		h.err = err
		h.mu.Unlock()
		go win.Quit()
	}
}

// DomReady is Wails' OnDomReady: the sign-in of `atomgit-login login` starts. A window
// whose session did not open is asked to close again (Wails loses a Quit that comes
// before GTK's main loop runs).
func (h *Host) DomReady(wctx context.Context) {
	if h.Err() != nil {
		desktop.HostWindow(wctx).Quit()
		return
	}
	h.c.DomReady()
}

// Shutdown closes the session (Wails' OnShutdown), and returns when nothing of it runs
// any more, or after a few seconds (logged). Only the first call does anything.
func (h *Host) Shutdown(context.Context) {
	h.shutdown.Do(func() {
		h.mu.Lock()
		stop := h.stop
		h.mu.Unlock()
		if stop != nil {
			defer stop()
		}
		h.c.shutdownWithin(shutdownPatience)
	})
}

// Err is why the session did not open at Startup; nil when it did, or has not tried yet.
func (h *Host) Err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// shutdownPatience bounds how long a closed window waits for its session to stop: work
// under way may still be calling into the window, whose UI thread has ended, and the
// process is about to exit anyway.
const shutdownPatience = 5 * time.Second

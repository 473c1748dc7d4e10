package main

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// StatusEvent is the event that carries every session.Status to the frontend.
const StatusEvent = "status"

// Info is what the frontend shows besides the status: branding and set-up help.
type Info struct {
	AppName       string `json:"app_name"`
	Tagline       string `json:"tagline"`
	Locale        string `json:"locale"`
	Configured    bool   `json:"configured"`
	Demo          bool   `json:"demo"`
	RedirectURI   string `json:"redirect_uri"`
	ConfigPath    string `json:"config_path"`
	RegisterURL   string `json:"register_url"`
	AuthorizeHost string `json:"authorize_host"`
	Version       string `json:"version"`
}

// App is the controller bound to the window. Each method is a few lines that call
// internal/; the frontend gets a promise that resolves or rejects.
type App struct {
	env     *wiring.Env
	log     *slog.Logger
	started time.Time
	// ready is closed when startup is done: Wails runs OnStartup in a goroutine while the
	// page loads, so a binding may be called before the session exists.
	ready chan struct{}

	mu          sync.Mutex // guards the fields below
	ctx         context.Context
	win         desktop.Window
	m           *session.Manager
	last        session.State // the state emitted last
	autoStarted bool          // the sign-in of `atomgit-login login` has begun
}

// startup opens the session once the window exists.
func (a *App) startup(ctx context.Context, win desktop.Window) error {
	a.mu.Lock()
	a.ctx, a.win = ctx, win
	a.mu.Unlock()
	m, err := a.env.Open(ctx, wiring.SessionOptions{OnStatus: a.emit, ReturnURL: returnURL, Wait: time.Second})
	if err != nil {
		return err // the window closes; nothing waits on ready
	}
	a.mu.Lock()
	a.m = m
	a.mu.Unlock()
	close(a.ready)
	return nil
}

func (a *App) emit(s session.Status) {
	a.mu.Lock()
	win, last := a.win, a.last
	a.last = s.State
	a.mu.Unlock()
	code := ""
	if s.Error != nil {
		code = s.Error.Code
	}
	a.log.Info("status", "state", s.State, "problem", code, "storage", s.Storage)
	if win == nil {
		return
	}
	win.Emit(StatusEvent, s)
	if s.State == session.SignedIn && last == session.Finishing {
		// Not under the Manager's lock, which holds while emitting: the runtime may wait for
		// GTK's main loop.
		go win.Raise() // after a sign-in in the browser, the person comes back here
		if a.env.AutoSignIn {
			go win.Quit() // `atomgit-login login` is done
		}
	}
}

// domReady starts the sign-in that `atomgit-login login` asked for, once. It returns at
// once: the session may not be open yet.
func (a *App) domReady() { go a.autoSignIn() }

func (a *App) autoSignIn() {
	a.mu.Lock()
	start := a.env.AutoSignIn && !a.autoStarted
	a.autoStarted = true
	win := a.win
	a.mu.Unlock()
	if !start {
		return
	}
	switch st := a.Status(); {
	case st.State == session.SignedIn:
		win.Quit()
	case a.env.Config.Browser:
		_ = a.OpenInBrowser()
	default:
		if s, err := a.SignIn(); err == nil {
			win.Navigate(s.URL)
		}
	}
}

// manager is the session, once startup has opened it.
func (a *App) manager() *session.Manager {
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.m
}

// Info describes the app and its configuration (never the secret).
func (a *App) Info() Info {
	a.mu.Lock()
	env := a.env
	a.mu.Unlock()
	c := env.Config
	return Info{
		AppName: c.AppName, Tagline: c.Tagline, Locale: locale(env.Getenv),
		Configured: c.Configured(), Demo: env.Demo, RedirectURI: c.RedirectURI,
		ConfigPath: c.File, RegisterURL: config.RegisterURL, AuthorizeHost: c.AuthorizeHost(), Version: version,
	}
}

// Status is the session's status now.
func (a *App) Status() session.Status { return a.manager().Status() }

// SignIn starts an attempt; the frontend shows the host, then opens the URL in the window.
// When the settings ask for the system browser, the browser opens instead and the URL
// comes back empty.
func (a *App) SignIn() (session.Start, error) {
	if a.env.Config.Browser {
		return session.Start{}, a.OpenInBrowser()
	}
	return a.manager().BeginSignIn(a.reload)
}

// TryDemo switches to the built-in demo AtomGit and starts an attempt there.
func (a *App) TryDemo() (session.Start, error) {
	a.mu.Lock()
	if !a.env.Demo {
		env := *a.env
		env.Demo = true
		m, err := env.Open(a.ctx, wiring.SessionOptions{OnStatus: a.emit, ReturnURL: returnURL, Wait: time.Second})
		if err != nil {
			a.mu.Unlock()
			return session.Start{}, err
		}
		a.env, a.m = &env, m
	}
	a.mu.Unlock()
	return a.SignIn()
}

// OpenInBrowser signs in through the system browser instead of the window; the window
// waits, and comes to the front when the sign-in is done.
func (a *App) OpenInBrowser() error {
	start, err := a.manager().BeginBrowserSignIn()
	if err != nil {
		return err
	}
	a.mu.Lock()
	win := a.win
	a.mu.Unlock()
	win.OpenBrowser(start.URL)
	return nil
}

// Accounts lists the signed-in accounts, the active one first.
func (a *App) Accounts() ([]session.AccountEntry, error) {
	list, err := a.manager().Accounts(a.ctx)
	if list == nil {
		list = []session.AccountEntry{}
	}
	return list, err
}

// SwitchAccount makes another signed-in account the active one.
func (a *App) SwitchAccount(login string) error { return a.manager().Switch(a.ctx, login) }

// AddAccount signs in to one more account: AtomGit's web session ends first, so that its
// login page shows and another person can log in.
func (a *App) AddAccount() (session.Start, error) {
	a.mu.Lock()
	win := a.win
	a.mu.Unlock()
	win.EndWebSessions()
	return a.SignIn()
}

// CancelSignIn ends the attempt under way and brings the window back to the app.
func (a *App) CancelSignIn() { a.manager().CancelSignIn() }

// SignOut forgets the session here and in the keyring, and ends AtomGit's web session in
// the window so that the next sign-in can be another account.
func (a *App) SignOut() error {
	a.mu.Lock()
	win := a.win
	a.mu.Unlock()
	win.EndWebSessions()
	return a.manager().SignOut(a.ctx)
}

// RefreshNow refreshes the access token at once.
func (a *App) RefreshNow() error { return a.manager().RefreshNow(a.ctx) }

// Shown is called by the frontend after each new screen, with the state it shows and how
// many accounts it lists; it is logged with the time since start (the start-up benchmark
// reads the first, the end-to-end tests wait on them).
func (a *App) Shown(state string, accounts int) {
	a.log.Info("shown", "state", state, "accounts", accounts, "since_start_ms", time.Since(a.started).Milliseconds())
}

func (a *App) quit() {
	a.mu.Lock()
	win := a.win
	a.mu.Unlock()
	if win != nil {
		win.Quit()
	}
}

func (a *App) reload() {
	a.mu.Lock()
	win := a.win
	a.mu.Unlock()
	win.ReloadApp()
}

// locale picks the UI language from the system's: Chinese or English.
func locale(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

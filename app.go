package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/locale"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/startup"
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
	// Accent is the configured accent colour and its shades; absent: the built-in colours.
	Accent *brand.Palette `json:"accent,omitempty"`
	// LogoURL is where the page loads the configured logo (brand.LogoPath, served by the
	// window's asset server); absent: the built-in logo.
	LogoURL string `json:"logo_url,omitempty"`
}

// App is the controller bound to the window. Each method is a few lines that call
// internal/; the frontend gets a promise that resolves or rejects. Its methods are safe
// for concurrent use: a.mu guards fields only, and is never held across opening a
// session, a call into the session, or a call to the window.
type App struct {
	log   *slog.Logger
	clock *startup.Clock // the phases of the window's start, logged with the first "shown"
	// open opens a session: openEnv, or a test's.
	open func(ctx context.Context, env *wiring.Env, o wiring.SessionOptions) (*wiring.Session, error)
	// ready is closed when startup is done: Wails runs OnStartup in a goroutine while the
	// page loads, so a binding may be called before the session exists.
	ready chan struct{}
	// opening is held while a session opens, so that concurrent TryDemo calls open one
	// demo. Status events never take it.
	opening sync.Mutex

	mu          sync.Mutex // guards the fields below
	ctx         context.Context
	win         desktop.Window
	env         *wiring.Env
	m           *wiring.Session
	stop        context.CancelFunc // ends the context m was opened with
	opened      uint64             // how many sessions have been opened; numbers them
	current     uint64             // the number of m: events of older sessions are dropped
	autoStarted bool               // the sign-in of `atomgit-login login` has begun
}

// newApp is the controller for a window over env.
func newApp(env *wiring.Env, log *slog.Logger, started time.Time) *App {
	return &App{env: env, log: log, clock: startup.New(started), open: openEnv, ready: make(chan struct{})}
}

// openEnv is App.open outside tests: env's Open, context first.
func openEnv(ctx context.Context, env *wiring.Env, o wiring.SessionOptions) (*wiring.Session, error) {
	return env.Open(ctx, o)
}

// startup opens the session once the window exists.
func (a *App) startup(ctx context.Context, win desktop.Window) error {
	a.clock.Mark("window")
	a.mu.Lock()
	a.ctx, a.win = ctx, win
	env := a.env
	a.mu.Unlock()
	a.opening.Lock()
	defer a.opening.Unlock()
	if err := a.openSession(ctx, env); err != nil {
		return err // the window closes; nothing waits on ready
	}
	close(a.ready)
	return nil
}

// domReady starts the sign-in that `atomgit-login login` asked for, once. It returns at
// once: the session may not be open yet.
func (a *App) domReady() { go a.autoSignIn() }

func (a *App) autoSignIn() {
	a.mu.Lock()
	start := a.env.AutoSignIn && !a.autoStarted
	a.autoStarted = true
	a.mu.Unlock()
	if !start {
		return
	}
	v := a.view()
	switch st := v.m.Status(); {
	case st.State == session.SignedIn:
		v.win.Quit()
	case v.env.Config.Browser:
		_ = a.OpenInBrowser()
	default:
		if s, err := a.SignIn(); err == nil {
			v.win.Navigate(s.URL)
		}
	}
}

// Info describes the app and its configuration (never the secret).
func (a *App) Info() Info {
	a.mu.Lock()
	env := a.env
	a.mu.Unlock()
	c := env.Config
	lang := locale.Detect(env.Getenv)
	info := Info{
		AppName: c.AppName, Tagline: tagline(c, lang), Locale: string(lang),
		Configured: c.Configured(), Demo: env.Demo, RedirectURI: c.RedirectURI,
		ConfigPath: c.File, RegisterURL: config.RegisterURL, AuthorizeHost: c.AuthorizeHost(), Version: version,
	}
	if p, err := brand.NewPalette(c.Accent); err == nil { // "" (none) is the only error: config checked it
		info.Accent = &p
	}
	if c.Logo != "" {
		info.LogoURL = brand.LogoPath
	}
	return info
}

// defaultTaglineZH is config.DefaultTagline in Chinese.
const defaultTaglineZH = "登录一次，你的 AtomGit 工具都保持登录。"

// tagline is the sentence under the app's name: the configured one as given, in every
// language, or else the default in the window's language.
func tagline(c *config.Config, lang locale.Language) string {
	if lang != locale.Chinese {
		return c.Tagline
	}
	for _, v := range c.Values() {
		if v.Key == "tagline" && v.Source == config.FromDefault {
			return defaultTaglineZH
		}
	}
	return c.Tagline
}

// Status is the session's status now.
func (a *App) Status() session.Status { return a.view().m.Status() }

// SignIn starts an attempt; the frontend shows the host, then opens the URL in the window.
// When the settings ask for the system browser, the browser opens instead and the URL
// comes back empty.
func (a *App) SignIn() (session.Start, error) {
	v := a.view()
	if v.env.Config.Browser {
		return session.Start{}, a.OpenInBrowser()
	}
	return v.m.BeginSignIn(a.reload)
}

// TryDemo switches to the built-in demo AtomGit and starts an attempt there. The demo
// opens outside a.mu, so its status events reach the window while it starts.
func (a *App) TryDemo() (session.Start, error) {
	<-a.ready
	a.opening.Lock()
	a.mu.Lock()
	ctx, env := a.ctx, a.env // another TryDemo may have opened the demo while this one waited
	a.mu.Unlock()
	if !env.Demo {
		demo := *env
		demo.Demo = true
		if err := a.openSession(ctx, &demo); err != nil {
			a.opening.Unlock()
			return session.Start{}, err
		}
	}
	a.opening.Unlock()
	return a.SignIn()
}

// OpenInBrowser signs in through the system browser instead of the window; the window
// waits, and comes to the front when the sign-in is done.
func (a *App) OpenInBrowser() error {
	v := a.view()
	start, err := v.m.BeginBrowserSignIn()
	if err != nil {
		return err
	}
	v.win.OpenBrowser(start.URL)
	return nil
}

// Accounts lists the signed-in accounts, the active one first.
func (a *App) Accounts() ([]session.AccountEntry, error) {
	v := a.view()
	list, err := v.m.Accounts(v.ctx)
	if list == nil {
		list = []session.AccountEntry{}
	}
	return list, err
}

// SwitchAccount makes another signed-in account the active one.
func (a *App) SwitchAccount(login string) error {
	v := a.view()
	return v.m.Switch(v.ctx, login)
}

// AddAccount signs in to one more account: AtomGit's web session ends first, so that its
// login page shows and another person can log in.
func (a *App) AddAccount() (session.Start, error) {
	a.view().win.EndWebSessions()
	return a.SignIn()
}

// CancelSignIn ends the attempt under way and brings the window back to the app.
func (a *App) CancelSignIn() { a.view().m.CancelSignIn() }

// SignOut forgets the session here and in the keyring; the window shows nobody, which
// ends AtomGit's web session in it (feed.webSessionEnds), so that the next sign-in can be
// another account.
func (a *App) SignOut() error {
	v := a.view()
	return v.m.SignOut(v.ctx)
}

// RefreshNow refreshes the access token at once.
func (a *App) RefreshNow() error {
	v := a.view()
	err := v.m.RefreshNow(v.ctx)
	if errors.Is(err, session.ErrNoRecord) {
		return nil // signed out meanwhile, here or elsewhere: the status says so
	}
	return err
}

// Shown is called by the frontend after each new screen, with the state it shows and how
// many accounts it lists; it is logged with the time since start (the start-up benchmark
// reads the first, the end-to-end tests wait on them). The first screen's call also
// carries the page's start-up marks (startup.Phases), as Unix milliseconds; the others
// carry none.
func (a *App) Shown(state string, accounts int, marks map[string]float64) {
	a.log.Info("shown", append([]any{"state", state, "accounts", accounts}, a.clock.Attrs(marks)...)...)
}

// shutdown closes the window's session once the window has closed, and returns when
// nothing of it runs any more.
func (a *App) shutdown() {
	a.mu.Lock()
	m := a.m
	a.mu.Unlock()
	if m != nil {
		m.Close()
	}
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

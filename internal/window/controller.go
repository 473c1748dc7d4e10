package window

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
	// Settings are the OAuth app's settings that AtomGit can refuse, with where each came
	// from: the window shows them when it does (session.CodeClientRefused). A secret's value
	// is never among them.
	Settings []SettingInfo `json:"settings"`
}

// SettingInfo is one of the app's settings as the window shows it.
type SettingInfo struct {
	Key string `json:"key"`
	// Name is how the person gave it (a variable, a flag, the config file's key; for a
	// default, its variable): config.Config.SettingName.
	Name   string        `json:"name"`
	Source config.Source `json:"source"`
	// Value is the setting's value; absent for a secret, and when not set.
	Value string `json:"value,omitempty"`
	Set   bool   `json:"set"`
}

// refusable are the settings a refusal of the app can name (session.Problem.Key), in
// the order the window lists them.
var refusable = []string{"client_id", "client_secret", "redirect_uri", "scopes", "profile"}

// Controller is the window's controller: it opens the window's session and replaces it
// (the demo), feeds its status to the page, answers the page's calls (package main binds
// them, a few lines each) and the requests of other starts (Serve). Each call is a few
// lines that call internal/; the page gets a promise that resolves or rejects. Its
// methods are safe for concurrent use: c.mu guards fields only, and is never held across
// opening a session, a call into the session, or a call to the window.
type Controller struct {
	log     *slog.Logger
	clock   *startup.Clock // the phases of the window's start, logged with the first "shown"
	version string         // shown in the page's footer
	logoURL string         // where the page loads the host's logo; "": the built-in logo
	// open opens a session: openEnv, or a test's.
	open func(ctx context.Context, env *wiring.Env, o wiring.SessionOptions) (*wiring.Session, error)
	// ready is closed when Startup is done: Wails runs OnStartup in a goroutine while the
	// page loads, so a call may come before the session exists.
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

// Options are what a Controller is told besides its Env.
type Options struct {
	// Log receives what the window reports ("status", "shown", …); nil: nothing.
	Log *slog.Logger
	// Started is when the program started: the start-up marks are taken from it.
	Started time.Time
	// Version is the program's version, shown in the page's footer.
	Version string
	// LogoURL is where the page loads the logo (the Host serves it); "": the built-in logo.
	LogoURL string
}

// New is the controller of a window over env; Startup starts it.
func New(env *wiring.Env, o Options) *Controller {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Controller{env: env, log: log, clock: startup.New(o.Started), version: o.Version, logoURL: o.LogoURL, open: openEnv, ready: make(chan struct{})}
}

// openEnv is Controller.open outside tests: env's Open, context first.
func openEnv(ctx context.Context, env *wiring.Env, o wiring.SessionOptions) (*wiring.Session, error) {
	return env.Open(ctx, o)
}

// Startup opens the session once the window exists (Wails' OnStartup). An error closes
// the window.
func (c *Controller) Startup(ctx context.Context, win desktop.Window) error {
	c.clock.Mark("window")
	c.mu.Lock()
	c.ctx, c.win = ctx, win
	env := c.env
	c.mu.Unlock()
	c.opening.Lock()
	defer c.opening.Unlock()
	if err := c.openSession(ctx, env); err != nil {
		return err // the window closes; nothing waits on ready
	}
	close(c.ready)
	go c.watchWake(ctx)
	return nil
}

// DomReady starts the sign-in that `atomgit-login login` asked for, once (Wails'
// OnDomReady, after every page load). It returns at once: the session may not be open yet.
func (c *Controller) DomReady() { go c.autoSignIn() }

func (c *Controller) autoSignIn() {
	c.mu.Lock()
	start := c.env.AutoSignIn && !c.autoStarted
	c.autoStarted = true
	c.mu.Unlock()
	if !start {
		return
	}
	v := c.view()
	switch st := v.m.Status(); {
	case st.State == session.SignedIn:
		v.win.Quit()
	case v.env.Config.Browser:
		_ = c.OpenInBrowser()
	default:
		if s, err := c.SignIn(); err == nil {
			v.win.Navigate(s.URL)
		}
	}
}

// Info describes the app and its configuration (never the secret).
func (c *Controller) Info() Info {
	c.mu.Lock()
	env := c.env
	c.mu.Unlock()
	cfg := env.Config
	lang := locale.Detect(env.Getenv)
	info := Info{
		AppName: cfg.AppName, Tagline: tagline(cfg, lang), Locale: string(lang),
		Configured: cfg.Configured(), Demo: env.Demo, RedirectURI: cfg.RedirectURI,
		ConfigPath: cfg.File, RegisterURL: config.RegisterURL, AuthorizeHost: cfg.AuthorizeHost(), Version: c.version,
	}
	if p, err := brand.NewPalette(cfg.Accent); err == nil { // "" (none) is the only error: config checked it
		info.Accent = &p
	}
	info.LogoURL = c.logoURL
	info.Settings = settingsShown(cfg)
	return info
}

// settingsShown is c's settings that a refusal of the app can name, never a secret's value.
func settingsShown(c *config.Config) []SettingInfo {
	out := []SettingInfo{}
	for _, key := range refusable {
		for _, v := range c.Values() {
			if v.Key != key {
				continue
			}
			s := SettingInfo{Key: key, Name: c.SettingName(key), Source: v.Source, Set: v.Value != ""}
			if !v.Secret {
				s.Value = v.Value
			}
			out = append(out, s)
		}
	}
	return out
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
func (c *Controller) Status() session.Status { return c.view().m.Status() }

// SignIn starts an attempt; the frontend shows the host, then opens the URL in the window.
// When the settings ask for the system browser, the browser opens instead and the URL
// comes back empty.
func (c *Controller) SignIn() (session.Start, error) {
	v := c.view()
	if v.env.Config.Browser {
		return session.Start{}, c.OpenInBrowser()
	}
	return v.m.BeginSignIn(c.reload)
}

// TryDemo switches to the built-in demo AtomGit and starts an attempt there. The demo
// opens outside c.mu, so its status events reach the window while it starts.
func (c *Controller) TryDemo() (session.Start, error) {
	<-c.ready
	c.opening.Lock()
	c.mu.Lock()
	ctx, env := c.ctx, c.env // another TryDemo may have opened the demo while this one waited
	c.mu.Unlock()
	if !env.Demo {
		demo := *env
		demo.Demo = true
		if err := c.openSession(ctx, &demo); err != nil {
			c.opening.Unlock()
			return session.Start{}, err
		}
	}
	c.opening.Unlock()
	return c.SignIn()
}

// OpenInBrowser signs in through the system browser instead of the window; the window
// waits, and comes to the front when the sign-in is done.
func (c *Controller) OpenInBrowser() error {
	v := c.view()
	start, err := v.m.BeginBrowserSignIn()
	if err != nil {
		return err
	}
	v.win.OpenBrowser(start.URL)
	return nil
}

// Accounts lists the signed-in accounts, the active one first.
func (c *Controller) Accounts() ([]session.AccountEntry, error) {
	v := c.view()
	list, err := v.m.Accounts(v.ctx)
	if list == nil {
		list = []session.AccountEntry{}
	}
	return list, err
}

// SwitchAccount makes another signed-in account the active one.
func (c *Controller) SwitchAccount(login string) error {
	v := c.view()
	return v.m.Switch(v.ctx, login)
}

// AddAccount signs in to one more account: AtomGit's web session ends first, so that its
// login page shows and another person can log in.
func (c *Controller) AddAccount() (session.Start, error) {
	c.view().win.EndWebSessions()
	return c.SignIn()
}

// CancelSignIn ends the attempt under way and brings the window back to the app.
func (c *Controller) CancelSignIn() { c.view().m.CancelSignIn() }

// SignOut forgets the session here and in the keyring; the window shows nobody, which
// ends AtomGit's web session in it (feed.webSessionEnds), so that the next sign-in can be
// another account.
func (c *Controller) SignOut() error {
	v := c.view()
	return v.m.SignOut(v.ctx)
}

// RefreshNow refreshes the access token at once.
func (c *Controller) RefreshNow() error {
	v := c.view()
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
func (c *Controller) Shown(state string, accounts int, marks map[string]float64) {
	c.log.Info("shown", append([]any{"state", state, "accounts", accounts}, c.clock.Attrs(marks)...)...)
}

// Shutdown closes the window's session once the window has closed, and returns when
// nothing of it runs any more.
func (c *Controller) Shutdown() {
	c.mu.Lock()
	m := c.m
	c.mu.Unlock()
	if m != nil {
		m.Close()
	}
}

func (c *Controller) quit() {
	c.mu.Lock()
	win := c.win
	c.mu.Unlock()
	if win != nil {
		win.Quit()
	}
}

func (c *Controller) reload() {
	c.mu.Lock()
	win := c.win
	c.mu.Unlock()
	win.ReloadApp()
}

package window

import (
	"context"
	"io/fs"
	"net/http"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/locale"
	"atomgit.com/atomgit-login/atomgit-login/internal/wake"
)

// ProgramName names the window for the desktop (WM_CLASS, Wayland's app id): the desktop
// entry's StartupWMClass and Icon (build/linux/*.desktop).
const ProgramName = "atomgit-login"

// Page is what only the program's main package has of the window: the page's files and
// the icon it embeds.
type Page struct {
	Assets fs.FS
	Icon   []byte
}

// Hooks are what a Wails app hands Wails for the sign-in: auth/wailsauth's Login gives
// them (its Middleware, Startup, DomReady, Shutdown and Service), and Err says why its
// session did not open.
type Hooks struct {
	Middleware                  func(next http.Handler) http.Handler
	Startup, DomReady, Shutdown func(wctx context.Context)
	Bind                        any
	Err                         func() error
}

// Run opens AtomGit Login's window, with the sign-in of hooks (the public face of h) as
// its page, and runs until it closes: it takes the realm's place first (Serve: one window
// per realm), and closes the session at the end.
func (h *Host) Run(ctx context.Context, p Page, hooks Hooks) error {
	c := h.c
	if err := desktop.CheckDisplay(ProgramName); err != nil {
		return err // before the window claims its place: the command goes on without it
	}
	// After the requests of other starts are answered (stop): Wails' OnShutdown is not
	// given it, as it comes before.
	defer hooks.Shutdown(ctx)
	stop, err := c.Serve() // one window per realm: others reach this one
	if err != nil {
		return err
	}
	defer stop()
	c.mu.Lock()
	env := c.env
	c.mu.Unlock()
	err = desktop.Run(ctx, desktop.Options{
		Title:       env.Config.AppName,
		ProgramName: ProgramName,
		Assets:      p.Assets,
		Icon:        p.Icon,
		Bind:        []any{hooks.Bind},
		Menu:        c.menu(locale.Detect(env.Getenv)),
		OnStartup:   hooks.Startup,
		OnDomReady:  hooks.DomReady,
		OnWake:      func() { c.woke(wake.Resumed) }, // Windows; Linux follows logind (watchWake)
		// The page comes with its first screen's status (no flash of another screen, no
		// call before the first paint), and the logo.
		Middleware: hooks.Middleware,
	})
	if err != nil {
		return err
	}
	return hooks.Err()
}

// menu is the window's menu in the language l; Esc cancels a sign-in even while
// AtomGit's page fills the window (no script of ours runs there).
func (c *Controller) menu(l locale.Language) []desktop.Menu {
	return []desktop.Menu{{Label: l.Text("Account", "账户"), Items: []desktop.MenuItem{
		{Label: l.Text("Cancel sign-in", "取消登录"), Key: "escape", Action: c.CancelSignIn},
		{Label: l.Text("Sign out", "退出登录"), Action: func() { _ = c.SignOut() }},
		{},
		{Label: l.Text("Quit", "退出"), Key: "ctrl+q", Action: c.quit},
	}}}
}

// shutdownWithin is Shutdown, given up on (and logged) after patience.
func (c *Controller) shutdownWithin(patience time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Shutdown()
	}()
	t := time.NewTimer(patience)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		c.log.Warn("the session did not stop in time after the window closed", "waited", patience)
	}
}

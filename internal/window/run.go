package window

import (
	"context"
	"io/fs"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/bootpage"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/locale"
	"atomgit.com/atomgit-login/atomgit-login/internal/wake"
)

// ProgramName names the window for the desktop (WM_CLASS, Wayland's app id): the desktop
// entry's StartupWMClass and Icon (build/linux/*.desktop).
const ProgramName = "atomgit-login"

// Page is what only the program's main package has of the window: the page's files and
// the icon it embeds, and the struct whose methods the page calls (package main's App,
// which Wails names go.main.App in the page).
type Page struct {
	Assets fs.FS
	Icon   []byte
	Bind   any
}

// Run opens AtomGit Login's window over the controller, and runs until it closes: it
// takes the realm's place first (Serve: one window per realm), serves the page with its
// first screen's data, and closes the session at the end.
func (c *Controller) Run(ctx context.Context, p Page) error {
	if err := desktop.CheckDisplay(ProgramName); err != nil {
		return err // before the window claims its place: the command goes on without it
	}
	defer c.shutdownWithin(shutdownPatience) // after the requests of other starts are answered (stop)
	stop, err := c.Serve()                   // one window per realm: others reach this one
	if err != nil {
		return err
	}
	defer stop()
	c.mu.Lock()
	env := c.env
	c.mu.Unlock()
	o := desktop.Options{
		Title:       env.Config.AppName,
		ProgramName: ProgramName,
		Assets:      p.Assets,
		Icon:        p.Icon,
		Bind:        []any{p.Bind},
		Menu:        c.menu(locale.Detect(env.Getenv)),
		OnStartup:   c.Startup,
		OnDomReady:  c.DomReady,
		OnWake:      func() { c.woke(wake.Resumed) }, // Windows; Linux follows logind (watchWake)
		// The page comes with its first screen's status (no flash of another screen, no
		// call before the first paint).
		Middleware: bootpage.Middleware(c.boot),
	}
	if path := env.Config.Logo; path != "" {
		// Read once, now: the page gets this copy or nothing, never a file of its choosing.
		logo, err := brand.LoadLogo(path)
		if err != nil {
			return &config.Error{Setting: env.Config.SettingName("logo"), Msg: err.Error()}
		}
		o.Handler = logo
	}
	return desktop.Run(ctx, o)
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

// shutdownPatience bounds how long a closed window waits for its session to stop: work
// under way may still be calling into the window, whose UI thread has ended, and the
// process is about to exit anyway.
const shutdownPatience = 5 * time.Second

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

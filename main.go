// Command atomgit-login signs a person into AtomGit in its own window, keeps them signed
// in, and lends the login to other tools through its commands.
package main

import (
	"context"
	"embed"
	"encoding/json"
	"log/slog"
	"os"
	"runtime"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
	"atomgit.com/atomgit-login/atomgit-login/internal/webview"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

var started = time.Now()

// returnURL is the app's own origin, where the callback page sends the window back.
var returnURL = map[bool]string{true: "http://wails.localhost/", false: "wails://wails/"}[runtime.GOOS == "windows"]

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Deps{Desktop: runDesktop}))
}

// runDesktop opens the window and runs until it closes.
func runDesktop(ctx context.Context, env *cli.Env) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	env.Log = log
	app := &App{env: env, log: log, started: started}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var startErr error
	err := wails.Run(&options.App{
		Title:       env.Config.AppName,
		Width:       960,
		Height:      720,
		MinWidth:    420,
		MinHeight:   520,
		AssetServer: &assetserver.Options{Assets: assets},
		Menu:        appMenu(app, env),
		OnStartup: func(wctx context.Context) {
			// The session lives as long as the window; runtime calls need the Wails context.
			go func() { <-ctx.Done(); wruntime.Quit(wctx) }()
			if startErr = app.startup(ctx, wailsWindow{wctx}); startErr != nil {
				log.Error("cannot start", "err", startErr)
				go wruntime.Quit(wctx)
			}
		},
		OnDomReady: func(context.Context) { app.domReady() },
		OnShutdown: func(context.Context) { cancel() },
		Bind:       []any{app},
		Linux:      &linux.Options{ProgramName: "atomgit-login", Icon: icon},
		// BindingsAllowedOrigins stays empty: only the app's own pages reach the bindings,
		// never AtomGit's pages shown in the same window.
	})
	if err != nil {
		return err
	}
	return startErr
}

// appMenu is the window's menu; Esc cancels a sign-in even while AtomGit's page fills the
// window (no script of ours runs there).
func appMenu(app *App, env *cli.Env) *menu.Menu {
	zh := locale(env.Getenv) == "zh"
	t := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	m := menu.NewMenu()
	acct := m.AddSubmenu(t("Account", "账户"))
	acct.AddText(t("Cancel sign-in", "取消登录"), keys.Key("escape"), func(*menu.CallbackData) { app.CancelSignIn() })
	acct.AddText(t("Sign out", "退出登录"), nil, func(*menu.CallbackData) { _ = app.SignOut() })
	acct.AddSeparator()
	acct.AddText(t("Quit", "退出"), keys.CmdOrCtrl("q"), func(*menu.CallbackData) { app.quit() })
	return m
}

// wailsWindow is the window through the Wails runtime.
type wailsWindow struct{ ctx context.Context }

func (w wailsWindow) Emit(name string, data any) { wruntime.EventsEmit(w.ctx, name, data) }
func (w wailsWindow) ReloadApp()                 { wruntime.WindowReloadApp(w.ctx) }
func (w wailsWindow) OpenBrowser(url string)     { wruntime.BrowserOpenURL(w.ctx, url) }
func (w wailsWindow) Quit()                      { wruntime.Quit(w.ctx) }
func (w wailsWindow) EndWebSessions()            { webview.ClearBrowsingData() }
func (w wailsWindow) Raise()                     { wruntime.WindowShow(w.ctx); wruntime.WindowUnminimise(w.ctx) }

// Navigate shows url in the window; the URL is quoted as a JSON string.
func (w wailsWindow) Navigate(url string) {
	q, _ := json.Marshal(url)
	wruntime.WindowExecJS(w.ctx, "location.assign("+string(q)+")")
}

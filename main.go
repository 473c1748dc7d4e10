// Command atomgit-login signs a person into AtomGit in its own window, keeps them signed
// in, and lends the login to other tools through its commands.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/bootpage"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/locale"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

//go:embed all:frontend/dist
var assets embed.FS

// icon is the window's icon: build/appicon.png scaled to 128 px, 8 bits a channel
// (convert build/appicon.png -resize 128x128 -depth 8 -strip PNG32:build/windowicon.png).
// GTK decodes it and hands it to X at every start; the 512 px, 16-bit original cost
// ~170 ms of the start-up (docs/benchmarks.md).
//
//go:embed build/windowicon.png
var icon []byte

// version, commit and wailsVersion are set at build time by scripts/build with
// -ldflags "-X main.version=…" (scripts/version: what --version, the window's footer,
// the packages and the Windows version information all show), main.commit (the full
// hash) and main.wailsVersion (the Wails module's version, which the commands build
// cannot record as it does not link Wails). The version command reads the rest from the
// build info.
var (
	version      = "dev"
	commit       string
	wailsVersion string
)

var started = time.Now()

// returnURL is the app's own origin, where the callback page sends the window back.
var returnURL = map[bool]string{true: "http://wails.localhost/", false: "wails://wails/"}[runtime.GOOS == "windows"]

// programName names the window for the desktop (WM_CLASS, Wayland's app id): the desktop
// entry's StartupWMClass and Icon (build/linux/*.desktop).
const programName = "atomgit-login"

func main() {
	d := cli.Deps{Desktop: runDesktop, Build: cli.Build{Version: version, Commit: commit, Wails: wailsVersion}}
	if !desktop.Linked {
		d.Desktop = execWindow
		// The commands-only build (go build .) with no window beside it: the commands say
		// so, and suggest signing in with login --browser. Looked for only when that
		// matters, not at every `token` (docs/benchmarks.md).
		d.DesktopMissing = func() bool { _, err := windowPath(); return err != nil }
	}
	os.Exit(cli.Main(os.Args[1:], d))
}

// windowPath is the window build installed beside this program, or an error saying it
// is not there. Looked up once.
var windowPath = sync.OnceValues(findWindow)

// findWindow is windowPath's lookup.
func findWindow() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(exe), windowBinary)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the window is not installed: %s is missing (scripts/build builds it)", path)
	}
	return path, nil
}

// execWindow hands the command line to the window build installed beside this one; the
// client secret goes in its environment, never on its command line (cli.WindowCommand).
func execWindow(_ context.Context, env *wiring.Env) error {
	path, err := windowPath()
	if err != nil {
		return err
	}
	args, environ := cli.WindowCommand(env, os.Environ())
	return startWindow(path, args, environ)
}

// runDesktop opens the window and runs until it closes.
func runDesktop(ctx context.Context, env *wiring.Env) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	env.Log = log
	app := newApp(env, log, started)
	defer app.shutdown()                      // after the requests of other starts have been answered (stop)
	stop, err := serveInstance(env, app, log) // one window per realm: others reach this one
	if err != nil {
		return err
	}
	defer stop()
	o := desktop.Options{
		Title:       env.Config.AppName,
		ProgramName: programName,
		Assets:      assets,
		Icon:        icon,
		Bind:        []any{app},
		Menu:        appMenu(app, env),
		OnStartup:   app.startup,
		OnDomReady:  app.domReady,
		// The page comes with its first screen's status (no flash of another screen, no
		// call before the first paint).
		Middleware: bootpage.Middleware(app.boot),
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

// appMenu is the window's menu; Esc cancels a sign-in even while AtomGit's page fills the
// window (no script of ours runs there).
func appMenu(app *App, env *wiring.Env) []desktop.Menu {
	chinese := locale.Detect(env.Getenv) == locale.Chinese
	t := func(en, zh string) string {
		if chinese {
			return zh
		}
		return en
	}
	return []desktop.Menu{{Label: t("Account", "账户"), Items: []desktop.MenuItem{
		{Label: t("Cancel sign-in", "取消登录"), Key: "escape", Action: app.CancelSignIn},
		{Label: t("Sign out", "退出登录"), Action: func() { _ = app.SignOut() }},
		{},
		{Label: t("Quit", "退出"), Key: "ctrl+q", Action: app.quit},
	}}}
}

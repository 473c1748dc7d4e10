// Command atomgit-login signs a person into AtomGit in its own window, keeps them signed
// in, and lends the login to other tools through its commands.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/auth/wailsauth"
	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
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

func main() {
	if desktop.Linked && len(os.Args) == 2 && os.Args[1] == cli.CheckDisplayArg {
		os.Exit(checkDisplay())
	}
	d := cli.Deps{Desktop: runDesktop, Build: cli.Build{Version: version, Commit: commit, Wails: wailsVersion}, CheckWindow: cli.CheckWindow}
	if !desktop.Linked {
		// The commands' build: the window is the other program, installed beside this one.
		d.Desktop, d.DesktopMissing = cli.ExecWindow, cli.WindowMissing
	}
	os.Exit(cli.Main(os.Args[1:], d))
}

// checkDisplay answers cli.CheckDisplayArg: exit 0 when the window could open its
// display, else 1 with why on stderr. No window opens.
func checkDisplay() int {
	if err := desktop.CheckDisplay(window.ProgramName); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// runDesktop opens the window and runs until it closes. The window is a host of the
// sign-in as any Wails app that uses auth/wailsauth is: its page is the sign-in, at "/",
// and its hooks are wailsauth.Login's (made over the Env of the command line, which an
// auth.Config cannot say: built-in settings, flags, the demo).
func runDesktop(ctx context.Context, env *wiring.Env) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	env.Log = log
	page, _ := assets.ReadFile("frontend/dist/index.html") // nil before the frontend is built: Wails' own page
	h, err := window.NewHost(env, window.HostOptions{Path: "/", Page: page,
		Options: window.Options{Log: log, Started: started, Version: version}})
	if err != nil {
		return err
	}
	login := window.PublicFace(h).(*wailsauth.Login)
	return h.Run(ctx, window.Page{Assets: assets, Icon: icon}, window.Hooks{
		Middleware: login.Middleware,
		Startup:    login.Startup, DomReady: login.DomReady, Shutdown: login.Shutdown,
		Bind: login.Service(), Err: login.Err,
	})
}

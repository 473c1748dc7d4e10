// Command atomgit-login signs a person into AtomGit in its own window, keeps them signed
// in, and lends the login to other tools through its commands.
package main

import (
	"embed"
	"fmt"
	"os"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
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

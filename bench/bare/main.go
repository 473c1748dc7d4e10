// Command bare is the start-up benchmark's baseline: a Wails v2 window with one static
// page and nothing else, built with the app's tags and flags (scripts/bench builds it at
// build/bin/bench-bare). Its page calls Shown two animation frames after it is first
// rendered, as the app's frontend does, with the same start-up marks, and Shown logs the
// same line as the app's (internal/startup):
//
//	time=… level=INFO msg=shown state=bare since_start_ms=412 window_ms=300 nav_ms=…
package main

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"atomgit.com/atomgit-login/atomgit-login/internal/startup"
)

//go:embed page
var page embed.FS

var clock = startup.New(time.Now())

// Bare is bound to the window so that the page can report its first paint.
type Bare struct{ log *slog.Logger }

// Shown logs the state the page shows with the time since the start of the program and
// the page's start-up marks (Unix milliseconds).
func (b *Bare) Shown(state string, marks map[string]float64) {
	b.log.Info("shown", append([]any{"state", state}, clock.Attrs(marks)...)...)
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	assets, err := fs.Sub(page, "page")
	if err != nil {
		log.Error("assets", "err", err)
		os.Exit(1)
	}
	// The same rendering choice as the app's (main.go): without a GPU, Skia's CPU renderer
	// rather than Mesa's software OpenGL. Both windows are measured under it.
	if nodes, _ := filepath.Glob("/dev/dri/renderD*"); os.Getenv("WEBKIT_SKIA_ENABLE_CPU_RENDERING") == "" && len(nodes) == 0 {
		os.Setenv("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1")
	}
	// SIGTERM closes the window as the app does, so the WebKit processes end with it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = wails.Run(&options.App{
		Title:       "Bare",
		Width:       960,
		Height:      720,
		AssetServer: &assetserver.Options{Assets: assets},
		OnStartup: func(wctx context.Context) {
			clock.Mark("window")
			go func() { <-ctx.Done(); wruntime.Quit(wctx) }()
		},
		Bind:  []any{&Bare{log: log}},
		Linux: &linux.Options{ProgramName: "bench-bare"},
	})
	if err != nil {
		log.Error("wails", "err", err)
		os.Exit(1)
	}
}

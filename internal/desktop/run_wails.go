//go:build desktop

package desktop

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// Linked reports whether this build links WebKit and can open the window itself.
const Linked = true

// Run opens the window and returns when it closes, or when ctx ends.
func Run(ctx context.Context, o Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// quit is set once the window is to close. Wails' Quit is lost when it comes before
	// GTK's main loop runs (gtk_main_quit: "main_loops != NULL" fails; a SIGTERM 0.06-0.14 s
	// after the start left the window open for good), so the page's DOM ready, which
	// comes from within that loop, asks again.
	var quit atomic.Bool
	webkitEnv()
	if err := CheckDisplay(o.ProgramName); err != nil { // names the program for GTK first
		return err // never Wails' panic: the person can fix this, or sign in without a window
	}
	err := wails.Run(&options.App{
		Title:       o.Title,
		Width:       960,
		Height:      720,
		MinWidth:    420,
		MinHeight:   520,
		AssetServer: &assetserver.Options{Assets: o.Assets, Handler: o.Handler, Middleware: o.Middleware},
		Menu:        wailsMenu(o.Menu),
		OnStartup: func(wctx context.Context) {
			// Runtime calls need the Wails context; everything else gets ctx.
			go func() { <-ctx.Done(); quit.Store(true); wruntime.Quit(wctx) }()
			if o.OnStartup != nil {
				o.OnStartup(wctx)
			}
		},
		OnDomReady: func(wctx context.Context) {
			if quit.Load() {
				wruntime.Quit(wctx)
				return
			}
			if o.OnDomReady != nil {
				o.OnDomReady(wctx)
			}
		},
		OnShutdown: func(context.Context) { cancel() },
		Bind:       o.Bind,
		Linux:      &linux.Options{ProgramName: o.ProgramName, Icon: o.Icon},
		Windows:    windowsOptions(o),
		// BindingsAllowedOrigins stays empty: only the app's own pages reach the bindings,
		// never AtomGit's pages shown in the same window.
	})
	return err
}

func wailsMenu(menus []Menu) *menu.Menu {
	if len(menus) == 0 {
		return nil
	}
	m := menu.NewMenu()
	for _, sub := range menus {
		s := m.AddSubmenu(sub.Label)
		for _, it := range sub.Items {
			if it.Label == "" {
				s.AddSeparator()
				continue
			}
			action := it.Action
			s.AddText(it.Label, accelerator(it.Key), func(*menu.CallbackData) { action() })
		}
	}
	return m
}

func accelerator(key string) *keys.Accelerator {
	switch {
	case key == "":
		return nil
	case strings.HasPrefix(key, "ctrl+"):
		return keys.CmdOrCtrl(strings.TrimPrefix(key, "ctrl+"))
	}
	return keys.Key(key)
}

// HostWindow is the Window of a Wails app, from the context Wails gives its OnStartup
// (and every later hook): the window of AtomGit Login, or of another program that hosts
// the sign-in (auth/wailsauth). On Linux with WebKitGTK 4.1 it catches its navigations
// (decide-policy); elsewhere CatchNavigation says it cannot, and the sign-in listens on
// the loopback address instead.
func HostWindow(wctx context.Context) Window { return wailsWindow{wctx} }

// wailsWindow is the Window through the Wails runtime.
type wailsWindow struct{ ctx context.Context }

func (w wailsWindow) Emit(name string, data any) { wruntime.EventsEmit(w.ctx, name, data) }
func (w wailsWindow) ReloadApp()                 { wruntime.WindowReloadApp(w.ctx) }
func (w wailsWindow) OpenBrowser(url string)     { wruntime.BrowserOpenURL(w.ctx, url) }
func (w wailsWindow) Quit()                      { wruntime.Quit(w.ctx) }
func (w wailsWindow) EndWebSessions()            { clearBrowsingData() }
func (w wailsWindow) CatchNavigation(deliver func(string) bool) (func(), bool) {
	return catchNavigation(deliver)
}
func (w wailsWindow) Raise() { wruntime.WindowShow(w.ctx); wruntime.WindowUnminimise(w.ctx) }

// Navigate shows url in the window; the URL is quoted as a JSON string.
func (w wailsWindow) Navigate(url string) {
	q, _ := json.Marshal(url)
	wruntime.WindowExecJS(w.ctx, "location.assign("+string(q)+")")
}

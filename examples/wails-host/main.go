//go:build desktop

// Command wails-host is a minimal Wails v2 app that hosts AtomGit Login's sign-in in its
// own window (auth/wailsauth): its page (frontend/index.html) links to the sign-in, and
// once the person is signed in greets them by name and shows their profile from
// AtomGit's API, through the session that atomgit-login, its commands and its git helper
// share. It reads the OAuth app's settings as atomgit-login does (auth.LoadConfig:
// ATOMGIT_CLIENT_ID, ATOMGIT_CLIENT_SECRET, … or atomgit-login's config file).
//
// Build it with the window's tags (wails build gives desktop and production):
//
//	go build -tags desktop,production,webkit2_41 ./examples/wails-host
package main

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/auth/wailsauth"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed frontend
var frontend embed.FS

//go:embed logo.svg
var logo []byte

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "wails-host:", err)
		os.Exit(1)
	}
}

func run() error {
	// What the sign-in and the app report, as key=value lines on stderr.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	cfg, err := auth.LoadConfig()
	if err != nil {
		return err
	}
	login, err := wailsauth.New(cfg, wailsauth.Brand{Name: "Acme Desktop", Logo: logo, Accent: "#0a7f5a"})
	if err != nil {
		return err
	}
	assets, _ := fs.Sub(frontend, "frontend")
	app := &App{login: login, userURL: cmpOr(cfg.UserURL, "https://api.atomgit.com/user/info")}
	err = wails.Run(&options.App{
		Title:       "Acme Desktop",
		Width:       900,
		Height:      680,
		AssetServer: &assetserver.Options{Assets: assets, Middleware: login.Middleware},
		OnStartup: func(ctx context.Context) {
			login.Startup(ctx)
			app.follow(ctx)
		},
		OnDomReady: login.DomReady,
		OnShutdown: login.Shutdown,
		Bind:       []any{login.Service(), app},
	})
	if err != nil {
		return err
	}
	return login.Err()
}

// App is the app's own binding: its page calls Hello.
type App struct {
	login   *wailsauth.Login
	userURL string
}

// Hello is what the page shows: who is signed in, and their profile from the API.
type Hello struct {
	SignedIn bool   `json:"signed_in"`
	Name     string `json:"name"`
	Login    string `json:"login"`
	Profile  string `json:"profile"` // html_url, from the user API
}

// Hello reads the session, and the user API with its client (which adds the token).
func (a *App) Hello() (Hello, error) {
	s := a.login.Session()
	if s == nil {
		return Hello{}, nil
	}
	ctx := context.Background()
	_, err := s.Token(ctx) // catches up with what the sign-in or another program stored
	st := s.Status()
	if err != nil || st.Account == nil {
		slog.Info("greeting", "signed_in", false)
		return Hello{}, nil
	}
	h := Hello{SignedIn: true, Name: st.Account.Name, Login: st.Account.Login}
	resp, err := s.Client(ctx).Get(a.userURL)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	var user struct {
		HTMLURL string `json:"html_url"`
	}
	if resp.StatusCode != http.StatusOK {
		return h, fmt.Errorf("the user API answered %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&user); err != nil {
		return h, err
	}
	h.Profile = user.HTMLURL
	slog.Info("greeting", "signed_in", true, "name", h.Name, "profile", h.Profile)
	return h, nil
}

// SessionEvent is the app's event to its page at each change of the session.
const SessionEvent = "acme:session"

// follow tells the page of each change of the session, whoever makes it (this window, a
// command, another program), as the app's Go code sees it.
func (a *App) follow(ctx context.Context) {
	if s := a.login.Session(); s != nil {
		s.Watch(ctx, func(st auth.Status) {
			slog.Info("session", "state", st.State)
			runtime.EventsEmit(ctx, SessionEvent)
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

package main

import (
	"context"
	"log/slog"
	"os"

	"atomgit.com/atomgit-login/atomgit-login/auth/wailsauth"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

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

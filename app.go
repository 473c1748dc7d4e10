package main

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
)

// App is what the window's page calls: Wails binds its exported methods (the page sees
// them as window.go.main.App, frontend/src/backend.ts), and each hands the call to the
// window's controller. The page gets a promise that resolves with the result, or rejects
// with the error. TestBindingsMatchTheFrontend holds these methods and backend.ts's
// declarations of them to each other.
type App struct{ c *window.Controller }

// Info describes the app and its configuration (never the secret).
func (a *App) Info() window.Info { return a.c.Info() }

// Status is the session's status now.
func (a *App) Status() session.Status { return a.c.Status() }

// SignIn starts a sign-in attempt; the page shows the host, then opens the URL in the
// window (or, when the settings ask for the system browser, the URL comes back empty).
func (a *App) SignIn() (session.Start, error) { return a.c.SignIn() }

// TryDemo switches to the built-in demo AtomGit and starts a sign-in there.
func (a *App) TryDemo() (session.Start, error) { return a.c.TryDemo() }

// OpenInBrowser signs in through the system browser instead of the window.
func (a *App) OpenInBrowser() error { return a.c.OpenInBrowser() }

// Accounts lists the signed-in accounts, the active one first.
func (a *App) Accounts() ([]session.AccountEntry, error) { return a.c.Accounts() }

// SwitchAccount makes another signed-in account the active one.
func (a *App) SwitchAccount(login string) error { return a.c.SwitchAccount(login) }

// AddAccount signs in to one more account.
func (a *App) AddAccount() (session.Start, error) { return a.c.AddAccount() }

// CancelSignIn ends the sign-in attempt under way.
func (a *App) CancelSignIn() { a.c.CancelSignIn() }

// SignOut signs the account shown out, here and in the keyring.
func (a *App) SignOut() error { return a.c.SignOut() }

// RefreshNow refreshes the access token at once.
func (a *App) RefreshNow() error { return a.c.RefreshNow() }

// Shown tells the window which screen the page shows now, with the page's start-up marks
// on the first call.
func (a *App) Shown(state string, accounts int, marks map[string]float64) {
	a.c.Shown(state, accounts, marks)
}

package wailsauth

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
)

// Service is what the sign-in page calls: Wails binds its exported methods (the page sees
// them as window.go.wailsauth.Service, frontend/src/backend.ts), and each hands the call
// to the window's controller. The page gets a promise that resolves with the result, or
// rejects with the error; no method gives a token, a code or the client secret. The
// app's Go code uses Login.Session instead. TestBindingsMatchTheFrontend holds these
// methods and backend.ts's declarations of them to each other.
type Service struct{ c *window.Controller }

// Info describes the app and its configuration (never the secret).
func (a *Service) Info() window.Info { return a.c.Info() }

// Status is the session's status now.
func (a *Service) Status() session.Status { return a.c.Status() }

// SignIn starts a sign-in attempt; the page shows the host, then opens the URL in the
// window (or, when the settings ask for the system browser, the URL comes back empty).
func (a *Service) SignIn() (session.Start, error) { return a.c.SignIn() }

// TryDemo switches to the built-in demo AtomGit and starts a sign-in there.
func (a *Service) TryDemo() (session.Start, error) { return a.c.TryDemo() }

// OpenInBrowser signs in through the system browser instead of the window.
func (a *Service) OpenInBrowser() error { return a.c.OpenInBrowser() }

// Accounts lists the signed-in accounts, the active one first.
func (a *Service) Accounts() ([]session.AccountEntry, error) { return a.c.Accounts() }

// SwitchAccount makes another signed-in account the active one.
func (a *Service) SwitchAccount(login string) error { return a.c.SwitchAccount(login) }

// AddAccount signs in to one more account.
func (a *Service) AddAccount() (session.Start, error) { return a.c.AddAccount() }

// CancelSignIn ends the sign-in attempt under way.
func (a *Service) CancelSignIn() { a.c.CancelSignIn() }

// SignOut signs the account shown out, here and in the keyring.
func (a *Service) SignOut() error { return a.c.SignOut() }

// RefreshNow refreshes the access token at once.
func (a *Service) RefreshNow() error { return a.c.RefreshNow() }

// Shown tells the window which screen the page shows now, with the page's start-up marks
// on the first call.
func (a *Service) Shown(state string, accounts int, marks map[string]float64) {
	a.c.Shown(state, accounts, marks)
}

// Package signin is the sign-in that `atomgit-login login` does, for whoever asks: the
// commands, and the public auth package. It hands the sign-in to the window open for the
// realm (internal/instance) and waits for its outcome; or starts a window that signs in
// and closes, and reads what it stored; or, with no window, runs the loopback flow with
// AtomGit's page in the system browser itself. Its callers say how a window is started
// (the window build runs it in its own process; the commands' build replaces itself with
// the window program; another program starts that program) and how the person is shown
// the authorize page; everything else is here once.
package signin

import (
	"context"
	"errors"

	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Options say where and how to sign in.
type Options struct {
	// Env is the configured world: the OAuth app, the store, the realm.
	Env *wiring.Env
	// Browser signs in through the system browser, in this process, never in a window.
	Browser bool
	// Window opens a window for Env that signs in and closes once signed in, and returns
	// once it has closed (the commands' build does not return: it becomes the window).
	// Nil: there is no window here, and the system browser is used.
	Window func(ctx context.Context) error
	// Accepted, when not nil, is told that the window open for the realm has taken the
	// sign-in: joined says it joined a sign-in already under way there.
	Accepted func(joined bool)
	// Browse shows the person the authorize page of a sign-in in the system browser
	// (OpenBrowser opens it; say where to go when it cannot). Required with Browser or
	// without Window.
	Browse func(ctx context.Context, start session.Start)
	// Paste, when not nil, signs in from a browser anywhere, this machine's or another's
	// (login --no-browser), and nothing listens: Paste shows the person the authorize page
	// of start, and hands each thing they paste back (the address the browser ended on, or
	// its code and state) to submit, which says why one is not this sign-in's answer
	// (authflow.Attempt.Submit's errors). An error sent on the channel it returns ends the
	// sign-in with that error (the person can paste no more). It beats Browser and Window.
	Paste func(ctx context.Context, start session.Start, submit func(string) error) <-chan error
}

// Failed is a sign-in that ended without an account: Status says why (its Error), as the
// window would show it. A cancelled sign-in has the problem session.CodeCancelled.
type Failed struct{ Status session.Status }

// Error names the problem that ended the sign-in.
func (e *Failed) Error() string {
	if p := e.Status.Error; p != nil {
		if p.Detail != "" {
			return "signin: " + p.Code + ": " + p.Detail
		}
		return "signin: " + p.Code
	}
	return "signin: not signed in (" + string(e.Status.State) + ")"
}

// Cancelled reports whether the person (or the caller, ending the context of a sign-in in
// the system browser) cancelled the sign-in.
func (e *Failed) Cancelled() bool {
	return e.Status.Error != nil && e.Status.Error.Code == session.CodeCancelled
}

// CannotKeep is why a sign-in in the system browser did not begin: the store cannot keep
// its tokens (Problem says why), so they would end with this process.
type CannotKeep struct{ Problem *session.Problem }

// Error names the problem of the store.
func (e *CannotKeep) Error() string { return "signin: the tokens could not be kept: " + e.Problem.Code }

// NotKept is a sign-in in the system browser that succeeded, as Account, but whose tokens
// could not be stored (Problem says why): it ended with the session that held them.
type NotKept struct {
	Account session.Account
	Problem *session.Problem
}

// Error names the problem of the store.
func (e *NotKept) Error() string { return "signin: the sign-in could not be kept: " + e.Problem.Code }

// ErrNoSignIn is why a window that was opened to sign in closed with nobody signed in.
var ErrNoSignIn = errors.New("signin: the window closed with nobody signed in")

// Run signs in and returns the account signed in. With Options.Window, and without
// Options.Browser or Options.Paste, it asks the window open for the realm to sign in (or
// joins the sign-in under way there) and waits for how that ends; with no window open, it
// opens one and, once it has closed, reads the account from the store. Otherwise it runs
// the sign-in in the system browser, or with Options.Paste the pasted flow. When ctx
// ends, a sign-in outside the window is cancelled (a *Failed that is Cancelled); one in
// the window goes on there, and Run returns ctx's error. Errors between this process and an open window are instance's (ErrNoAnswer,
// ErrBusy, ErrClosed, ErrHeld).
func Run(ctx context.Context, o Options) (*session.Account, error) {
	if o.Paste != nil || o.Browser || o.Window == nil {
		return outside(ctx, o)
	}
	at, err := o.Env.WindowPlace()
	if err != nil {
		return nil, err
	}
	var account *session.Account
	err = instance.AskOrStart(ctx, func(ctx context.Context) (err error) {
		account, err = inOpenWindow(ctx, at, o.Accepted)
		return err
	}, func(ctx context.Context) (err error) {
		if err := o.Window(ctx); err != nil {
			return err
		}
		account, err = stored(ctx, o.Env)
		return err
	})
	if err != nil {
		return nil, err
	}
	if account == nil { // the open window ended with nothing to say: what is stored counts
		return stored(ctx, o.Env)
	}
	return account, nil
}

// inOpenWindow asks the window open at at to sign in and returns how that ended; it is
// instance.ErrNoWindow when no window is open.
func inOpenWindow(ctx context.Context, at instance.Place, accepted func(joined bool)) (*session.Account, error) {
	o, err := instance.SignIn(ctx, at, accepted)
	switch {
	case err != nil:
		return nil, err
	case o.Problem != nil:
		return nil, &Failed{Status: session.Status{State: session.Failed, Error: o.Problem}}
	}
	return o.Account, nil
}

// stored is the account of the session stored as the realm's active one, read under its
// lock; ErrNoSignIn when there is none, or it has ended.
func stored(ctx context.Context, env *wiring.Env) (*session.Account, error) {
	k, err := env.Keeper()
	if err != nil {
		return nil, err
	}
	rec, err := k.Read(ctx, env.Vault())
	switch {
	case errors.Is(err, session.ErrNoRecord):
		return nil, ErrNoSignIn
	case err != nil:
		return nil, err
	case rec.Refused:
		return nil, ErrNoSignIn
	}
	return &rec.Account, nil
}

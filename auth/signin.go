package auth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
)

// SignIn signs the person in, as `atomgit-login login` does, and returns who signed in:
// in atomgit-login's window when one is open for this OAuth app (it joins the sign-in
// under way there, if any), or in a window it starts (Config.WindowProgram) that closes
// once signed in; with no display or no window program, or with Config.Browser, through
// the system browser (Config.OpenURL). It returns when the sign-in has ended, and the
// session has the account by then. The new account becomes the active one, for every
// program. When ctx ends, a sign-in in the browser is cancelled, and one in a window goes
// on there.
func (s *Session) SignIn(ctx context.Context) (Account, error) {
	if s.isClosed() {
		return Account{}, errClosed
	}
	env := *s.env
	env.User = "" // a sign-in makes its account the active one
	o := signin.Options{Env: &env, Browser: s.cfg.Browser || !signin.HasDisplay(runtime.GOOS, os.Getenv), Browse: s.browse}
	if !o.Browser {
		o.Window = s.startWindow
	}
	a, err := signin.Run(ctx, o)
	if errors.Is(err, errNoWindow) {
		o.Browser = true
		a, err = signin.Run(ctx, o)
	}
	if err != nil {
		return Account{}, s.signInFailed(ctx, err)
	}
	_ = s.m.Sync(ctx) // what was stored, now: a follow may not have got to it yet
	out := Account{Login: a.Login, Name: a.Name, AvatarURL: a.AvatarURL}
	if pin := s.cfg.Account; pin != "" && a.Login != pin {
		return out, &Error{Kind: ErrNotSignedIn, Detail: fmt.Sprintf("signed in as @%s, but this session is pinned to @%s (Config.Account)", a.Login, pin)}
	}
	return out, nil
}

// errNoWindow is startWindow's when there is no window program to start.
var errNoWindow = errors.New("auth: no window program")

// startWindow runs the window program for a sign-in, with the session's settings as its
// flags and the client secret in its environment, and waits for it to close.
func (s *Session) startWindow(ctx context.Context) error {
	path, err := signin.FindWindowProgram(s.cfg.WindowProgram)
	if err != nil || !s.windowSharesTheStore() {
		return errNoWindow
	}
	return signin.RunWindowProgram(ctx, path, s.windowArgs(), s.cc.ClientSecret)
}

// windowSharesTheStore reports whether a window started for the session keeps its
// tokens where the session does: always with the keyring; with the file storage, when
// the token file is the one atomgit-login keeps.
func (s *Session) windowSharesTheStore() bool {
	if s.cc.TokenFile == "" {
		return true
	}
	file, err := defaultTokenFile()
	return err == nil && file == s.cc.TokenFile
}

// windowArgs is the window program's command line: login, with the session's settings as
// flags (the client secret goes in its environment).
func (s *Session) windowArgs() []string {
	c, ep := s.cc, s.cc.Endpoint
	storage := "keyring"
	if c.TokenFile != "" {
		storage = "file"
	}
	args := []string{"login", "--browser=false",
		"--client-id=" + c.ClientID, "--redirect-uri=" + c.RedirectURI,
		"--authorize-url=" + ep.AuthorizeURL, "--token-url=" + ep.TokenURL, "--user-url=" + ep.UserURL,
		"--token-request=" + string(ep.Style), "--pkce=" + string(ep.PKCE), "--storage=" + storage,
		"--signin-timeout=" + c.SignInTimeout.String(), "--app-name=" + c.AppName}
	if len(ep.Scopes) > 0 {
		args = append(args, "--scopes="+strings.Join(ep.Scopes, " "))
	}
	return args
}

// browse shows the person the authorize page of a sign-in through the browser.
func (s *Session) browse(_ context.Context, start session.Start) {
	if s.cfg.OpenURL != nil {
		s.cfg.OpenURL(start.URL)
		return
	}
	fmt.Fprintf(os.Stderr, "Opening %s in your browser. If it does not open, visit:\n  %s\n", start.Host, start.URL)
	if err := signin.OpenBrowser(start.URL); err != nil {
		fmt.Fprintf(os.Stderr, "(no browser could be opened: %v)\n", err)
	}
}

// signInFailed is the package's error for a sign-in that ended without an account.
func (s *Session) signInFailed(ctx context.Context, err error) error {
	var (
		failed     *signin.Failed
		cannotKeep *signin.CannotKeep
		notKept    *signin.NotKept
		window     *signin.WindowFailed
	)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &failed):
		why := "the sign-in failed"
		if failed.Cancelled() {
			why = "the sign-in was cancelled"
		} else if d := detail(failed.Status.Error); d != "" {
			why += ": " + d
		}
		return &Error{Kind: ErrNotSignedIn, Detail: why, Err: err}
	case errors.As(err, &cannotKeep):
		return storageError(cannotKeep.Problem, err)
	case errors.As(err, &notKept):
		return storageError(notKept.Problem, err)
	case errors.As(err, &window):
		return &Error{Kind: ErrNotSignedIn, Detail: "the sign-in in the window failed: " + window.Error(), Err: err}
	case errors.Is(err, signin.ErrNoSignIn):
		return &Error{Kind: ErrNotSignedIn, Detail: "the window closed with nobody signed in", Err: err}
	}
	return s.fail(err)
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// The errors a program branches on, with errors.Is. Every error of the package wraps one
// of them when it applies, as an *Error that says more.
var (
	// ErrNotSignedIn means there is no session to use: nobody has signed in for this OAuth
	// app on this host, or they signed out. SignIn is the way on. The two errors below,
	// more precise, match it too.
	ErrNotSignedIn = errors.New("auth: not signed in")
	// ErrSignedOutElsewhere means the session this program was using was signed out by
	// another program (atomgit-login logout, the window's Sign out, another tool).
	ErrSignedOutElsewhere = errors.New("auth: signed out by another program")
	// ErrGrantRevoked means AtomGit refused the session's refresh token: the person
	// revoked the app, or the sign-in expired. Nothing of it is handed out any more; the
	// person must sign in again.
	ErrGrantRevoked = errors.New("auth: the sign-in has ended (revoked on AtomGit, or expired)")
	// ErrKeyringLocked means the system keyring is locked: it waits for the person to
	// unlock it, or could not ask them. Unlocking it and trying again helps.
	ErrKeyringLocked = errors.New("auth: the system keyring is locked")
	// ErrKeyringUnavailable means there is no system keyring to keep the session in (no
	// Secret Service on Linux, say). Config.Storage "file" keeps it in a private file.
	ErrKeyringUnavailable = errors.New("auth: the system keyring is not available")
	// ErrOffline means a token could not be had now for a reason that passes: AtomGit
	// cannot be reached, or answered with a temporary error, or its tokens expire too soon
	// to be refreshed yet. The session is kept; trying again later helps.
	ErrOffline = errors.New("auth: no token now: AtomGit cannot be reached, or not yet")
	// ErrMisconfigured means a setting is wrong (the Error names it), or the computer
	// lacks what the session needs (a home or cache folder of the person's own).
	ErrMisconfigured = errors.New("auth: misconfigured")
)

// Error is an error of the package: Kind is one of the Err… values (errors.Is matches
// it), Detail says more for people (never a token or secret), and Err is the cause, when
// there is one (errors.Unwrap returns it).
type Error struct {
	Kind   error
	Detail string
	Err    error
}

// Error is Kind's message, then Detail (or else the cause's message).
func (e *Error) Error() string {
	msg := "auth: error"
	if e.Kind != nil {
		msg = e.Kind.Error()
	}
	switch {
	case e.Detail != "":
		msg += ": " + e.Detail
	case e.Err != nil:
		msg += ": " + strings.TrimPrefix(e.Err.Error(), "auth: ")
	}
	return msg
}

// Is reports whether target is e's Kind; ErrSignedOutElsewhere and ErrGrantRevoked are
// also ErrNotSignedIn.
func (e *Error) Is(target error) bool {
	return target != nil && (target == e.Kind ||
		target == ErrNotSignedIn && (e.Kind == ErrSignedOutElsewhere || e.Kind == ErrGrantRevoked))
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// errClosed is what a closed Session answers.
var errClosed = errors.New("auth: the session is closed")

// fail is the package's error for err, an error of the internal packages, given the
// session's status st when err came: the kind that applies, with words for people.
// Context errors are returned as they are.
func fail(err error, st session.Status, elsewhere bool) error {
	var (
		ae *atomgit.Error
		ce *config.Error
	)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, keyring.ErrTimeout):
		return err
	case errors.Is(err, errClosed), errors.Is(err, ErrNotSignedIn), isKind(err):
		return err
	case errors.Is(err, session.ErrNoRecord):
		return fromStatus(st, elsewhere, err)
	case atomgit.IsInvalidGrant(err):
		return revoked(st.Error, err)
	case errors.Is(err, session.ErrExpired):
		return &Error{Kind: ErrOffline, Detail: "the access token has expired, and AtomGit's tokens expire too soon to refresh it again yet", Err: err}
	case keyring.IsLocked(err):
		return &Error{Kind: ErrKeyringLocked, Err: err}
	case keyring.IsUnavailable(err):
		return &Error{Kind: ErrKeyringUnavailable, Err: err}
	case errors.As(err, &ce), errors.Is(err, session.ErrNoCacheDir), errors.Is(err, session.ErrLockUnavailable), errors.Is(err, privdir.ErrUnsafe):
		return &Error{Kind: ErrMisconfigured, Detail: strings.TrimPrefix(err.Error(), "config: "), Err: err}
	case errors.Is(err, session.ErrLockHeld), errors.As(err, &ae):
		return &Error{Kind: ErrOffline, Err: err}
	}
	return fmt.Errorf("auth: %w", err)
}

// isKind reports whether err is already one of the package's *Error.
func isKind(err error) bool {
	_, ok := errors.AsType[*Error](err)
	return ok
}

// fromStatus is why st gives no token: err, when not nil, is the cause.
func fromStatus(st session.Status, elsewhere bool, err error) error {
	p := st.Error
	switch {
	case st.State == session.Reauth:
		return revoked(p, err)
	case st.Account == nil && st.StorageProblem != nil:
		return storageError(st.StorageProblem, err)
	case st.State == session.KeyringWait:
		return &Error{Kind: ErrKeyringLocked, Detail: "waiting for the keyring to be unlocked", Err: err}
	case st.Account == nil && elsewhere:
		return &Error{Kind: ErrSignedOutElsewhere, Err: err}
	case st.Account == nil:
		return &Error{Kind: ErrNotSignedIn, Err: err}
	case st.State == session.Offline:
		return &Error{Kind: ErrOffline, Detail: detail(p), Err: err}
	}
	return nil
}

// revoked is the error of a session whose grant has ended: p, when not nil, has
// AtomGit's words.
func revoked(p *session.Problem, err error) error {
	e := &Error{Kind: ErrGrantRevoked, Err: err}
	if p != nil && p.Code == session.CodeInvalidGrant && p.Detail != "" {
		e.Detail = "AtomGit said: " + p.Detail
	}
	return e
}

// storageError is the error of a store that could not be read or written (p).
func storageError(p *session.Problem, err error) error {
	switch {
	case p.Code == session.CodeKeyringTimeout || p.Code == session.CodeKeyringUnavailable && p.Detail == keyring.LockedReason:
		return &Error{Kind: ErrKeyringLocked, Detail: detail(p), Err: err}
	case p.Code == session.CodeKeyringUnavailable || p.Code == session.CodeKeyringTooBig:
		return &Error{Kind: ErrKeyringUnavailable, Detail: detail(p), Err: err}
	case p.Code == session.CodeLockUnavailable:
		return &Error{Kind: ErrMisconfigured, Detail: detail(p), Err: err}
	}
	return &Error{Kind: ErrKeyringUnavailable, Detail: detail(p), Err: err}
}

// problems say what a problem's code means, for Error.Detail.
var problems = map[string]string{
	session.CodeNetwork:            "AtomGit cannot be reached",
	session.CodeServer:             "AtomGit had a problem",
	session.CodeInvalidGrant:       "the grant was revoked or has expired",
	session.CodeKeyringUnavailable: "the system keyring is not available",
	session.CodeKeyringTimeout:     "the system keyring did not answer in time (is it locked?)",
	session.CodeKeyringTooBig:      "AtomGit's token is larger than a keyring entry allows",
	session.CodeShortLived:         "AtomGit's access tokens expire too soon after they are issued to be refreshed in time (is this computer's clock right?)",
	session.CodeLockUnavailable:    "the lock file in the cache folder cannot be used",
	session.CodeExchangeFailed:     "AtomGit refused the sign-in",
	session.CodeUserFailed:         "AtomGit did not return the account's details",
}

// detail is p in words: what its code means, and its detail as it came.
func detail(p *session.Problem) string {
	if p == nil {
		return ""
	}
	text, ok := problems[p.Code]
	if !ok {
		text = p.Code
	}
	if p.Detail != "" {
		text += ": " + p.Detail
	}
	return text
}

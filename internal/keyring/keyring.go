// Package keyring keeps small secrets (tokens) in the operating system's
// keyring, behind a timeout, one call at a time, with errors callers can
// branch on.
//
// System wraps github.com/zalando/go-keyring: the macOS Keychain, the Windows
// Credential Manager, or a Secret Service (gnome-keyring, KWallet) over D-Bus
// on Linux, where a read first tries a shorter way to go-keyring's answer (quickGet).
// Memory is an in-process Store for tests and for running without a keyring.
//
// Callers branch on errors with errors.Is (ErrNotFound, ErrTimeout,
// ErrTooBig) and IsUnavailable. Every message starts with
// "keyring: " and never contains a secret.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Store keeps small secrets by (service, user). Implementations are safe for
// concurrent use.
type Store interface {
	// Get returns the secret stored for (service, user), or an error that
	// matches ErrNotFound when there is none.
	Get(ctx context.Context, service, user string) (string, error)
	// Set stores secret for (service, user), replacing any earlier one.
	Set(ctx context.Context, service, user, secret string) error
	// Delete removes the secret for (service, user); it returns an error
	// that matches ErrNotFound when there was none.
	Delete(ctx context.Context, service, user string) error
}

// MaxSize is the limit on len(service)+len(user)+len(secret): an entry must be
// strictly smaller. It is the smallest limit of the supported systems (the
// Windows Credential Manager), enforced everywhere so that the app behaves the
// same on every OS.
const MaxSize = 2560

var (
	// ErrNotFound means there is no entry for (service, user). Delete of a
	// missing entry returns it too; callers that do not care test for it
	// with errors.Is.
	ErrNotFound = errors.New("keyring: no such entry")

	// ErrTimeout means the keyring did not answer before the deadline. It
	// may be waiting for a person to unlock it. The outcome of a Set or
	// Delete that timed out is unknown: it may still be applied later, but
	// always before any call made after it (see System).
	ErrTimeout = errors.New("keyring: the keyring did not answer in time")

	// ErrTooBig means len(service)+len(user)+len(secret) >= MaxSize. The stores
	// return it as a *TooBigError, which says by how much.
	ErrTooBig = errors.New("keyring: entry too big")
)

// TooBigError is an entry that a keyring cannot hold: Size bytes (service, user and
// secret together) where Limit is the most an entry may have (MaxSize - 1). It matches
// ErrTooBig.
type TooBigError struct {
	Size, Limit int
}

// Error returns "keyring: entry too big: N bytes, at most M".
func (e *TooBigError) Error() string {
	return fmt.Sprintf("%s: %d bytes, at most %d", ErrTooBig.Error(), e.Size, e.Limit)
}

// Is reports whether target is ErrTooBig.
func (e *TooBigError) Is(target error) bool { return target == ErrTooBig }

// UnavailableError means there is no usable keyring: no D-Bus session bus, no
// Secret Service, or a keyring that is locked and cannot prompt. Retrying will
// not help until the environment changes.
type UnavailableError struct {
	// Reason is a short phrase for people, such as "the keyring is locked".
	Reason string
	// Err is the error reported by the keyring library.
	Err error
}

// Error returns "keyring: " followed by the reason and the cause.
func (e *UnavailableError) Error() string {
	msg := "keyring: unavailable: " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *UnavailableError) Unwrap() error { return e.Err }

// IsUnavailable reports whether err, or an error it wraps, is an
// *UnavailableError.
func IsUnavailable(err error) bool {
	var u *UnavailableError
	return errors.As(err, &u)
}

// OpError records the operation and entry that failed. Err is one of this
// package's errors (ErrNotFound, ErrTimeout, ErrTooBig, *UnavailableError), a
// context error, or the error the keyring library reported.
type OpError struct {
	Op      string // "get", "set" or "delete"
	Service string
	User    string
	Err     error
}

// Error returns "keyring: <op> <service>/<user>: <cause>".
func (e *OpError) Error() string {
	cause := strings.TrimPrefix(e.Err.Error(), "keyring: ")
	return "keyring: " + e.Op + " " + e.Service + "/" + e.User + ": " + cause
}

// Unwrap returns the cause.
func (e *OpError) Unwrap() error { return e.Err }

// timeoutError is ErrTimeout that also matches the context error that caused
// it, so errors.Is(err, context.DeadlineExceeded) holds as well.
type timeoutError struct{ ctxErr error }

func (e timeoutError) Error() string { return ErrTimeout.Error() }

func (e timeoutError) Unwrap() []error { return []error{ErrTimeout, e.ctxErr} }

// ctxError turns the error of a context that is done into the error a caller
// sees: a passed deadline becomes ErrTimeout, a cancellation stays as it is.
func ctxError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return timeoutError{ctxErr: err}
	}
	return err
}

// checkSize returns a *TooBigError when the entry is at or over MaxSize.
func checkSize(service, user, secret string) error {
	if n := len(service) + len(user) + len(secret); n >= MaxSize {
		return &TooBigError{Size: n, Limit: MaxSize - 1}
	}
	return nil
}

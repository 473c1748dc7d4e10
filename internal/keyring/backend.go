package keyring

import (
	"errors"
	"strings"

	gokeyring "github.com/zalando/go-keyring"
)

// backend is the blocking, uncancellable keyring that System serialises and
// puts a timeout around. Tests replace it; production uses goKeyring.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// goKeyring is the OS keyring through go-keyring.
type goKeyring struct{}

// Get asks quickGet first, and the full read (go-keyring's, or on Linux its equal that
// matches the entry's attributes exactly) when quickGet cannot decide.
func (goKeyring) Get(service, user string) (string, error) {
	if secret, err := quickGet(service, user); err != errUndecided {
		return secret, err
	}
	return fullGet(service, user)
}

// errUndecided is quickGet's "ask go-keyring": never returned to callers.
var errUndecided = errors.New("keyring: no quick answer")

func (goKeyring) Set(service, user, secret string) error {
	return gokeyring.Set(service, user, secret)
}

// Delete removes every item of the entry (on Linux a keyring may hold several).
func (goKeyring) Delete(service, user string) error { return deleteEntry(service, user) }

// Reasons given in an UnavailableError.
const (
	reasonNoBus           = "no D-Bus session bus, so no Secret Service (sign in from a desktop session; on a machine without one, ATOMGIT_STORAGE=file keeps the tokens in a plain file)"
	reasonBusUnreachable  = "cannot connect to the D-Bus session bus"
	reasonNoSecretService = "no Secret Service is running (install and start gnome-keyring or KWallet)"
	reasonLocked          = "the keyring is locked (or has no default collection) and could not be unlocked"
)

// unavailableSigns maps text found in go-keyring and D-Bus errors to the
// reason shown to people. go-keyring has no error values for these; the texts
// are those seen on Linux with go-keyring v0.2.8 and gnome-keyring 42.
// The first match wins.
var unavailableSigns = []struct{ text, reason string }{
	{`"dbus-launch"`, reasonNoBus},                             // no bus address and no dbus-x11
	{"couldn't determine address of session bus", reasonNoBus}, // godbus, autolaunch off
	{"org.freedesktop.secrets was not provided by", reasonNoSecretService},
	{"org.freedesktop.DBus.Error.ServiceUnknown", reasonNoSecretService},
	{"failed to unlock correct collection", reasonLocked}, // locked, prompt impossible or dismissed
	{"dial unix", reasonBusUnreachable},                   // address points at a missing socket
	{"connection refused", reasonBusUnreachable},
	{"dbus: authentication failed", reasonBusUnreachable},
}

// mapError turns an error from the backend into one of this package's
// errors; errors it does not recognise are returned unchanged.
func mapError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, gokeyring.ErrSetDataTooBig):
		return ErrTooBig
	}
	msg := err.Error()
	for _, s := range unavailableSigns {
		if strings.Contains(msg, s.text) {
			return &UnavailableError{Reason: s.reason, Err: err}
		}
	}
	return err
}

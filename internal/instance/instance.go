// Package instance keeps one window open per realm. The window holds a lock file for its
// lifetime (the operating system releases it when the window dies, however it dies) and
// listens on a Unix-domain socket beside it, in the user's own cache folder. Another
// start finds the lock held and asks the open window, over the socket, to come to the
// front (Raise) or to sign in and answer with the outcome (SignIn). Races between starts
// are settled by the lock, never by timing.
//
// The protocol is one JSON object a line. The caller sends one request,
// {"v":1,"op":"raise"} or {"v":1,"op":"login"}; the window answers a login with
// {"accepted":true,"joined":BOOL} at once, and every request with a last line:
// {"done":true} for a raise, {"done":true,"account":{…}} or {"done":true,"problem":{…}}
// for a login, or {"error":"…"}. A window that serves as many connections as it will
// answers {"busy":true} instead and hangs up; the caller tries again. A caller that sends
// no request within a few seconds is hung up on. Nothing secret crosses it: an account's
// login and name, and a problem's code and detail, as the window shows them.
package instance

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Version is the protocol's version, sent with every request.
const Version = 1

// The requests.
const (
	OpRaise = "raise"
	OpLogin = "login"
)

// Errors callers branch on.
var (
	// ErrHeld is why Claim fails: another window holds the place.
	ErrHeld = errors.New("instance: a window is already open")
	// ErrNoWindow is why a call fails when no window holds the place: start one.
	ErrNoWindow = errors.New("instance: no window is open")
	// ErrNoAnswer is why a call fails when a window holds the place but does not answer
	// on its socket.
	ErrNoAnswer = errors.New("instance: the open window does not answer")
	// ErrClosed is why a call fails when the window closed before it answered.
	ErrClosed = errors.New("instance: the window closed before it answered")
	// ErrBusy is why a call fails when the window serves as many connections as it will
	// for all the caller's patience.
	ErrBusy = errors.New("instance: the open window is busy with other requests")
)

// Place is where the window of one realm is found: its lock file and its socket.
type Place struct {
	Lock   string
	Socket string
}

// PlaceFor is the place of the window of name (the realm's SERVICE-REALM, as for the
// session's lock) in the user's cache folder, beside the realm's lock; without a cache
// folder of the user's own it is an error that wraps session.ErrNoCacheDir. The socket's
// name is a short hash of name, as a socket's path is limited to about 100 bytes.
func PlaceFor(name string) (Place, error) {
	lock, err := session.LockPath(name + ".window")
	if err != nil {
		return Place{}, err
	}
	sum := sha256.Sum256([]byte(name))
	return Place{Lock: lock, Socket: filepath.Join(filepath.Dir(lock), "window-"+hex.EncodeToString(sum[:6])+".sock")}, nil
}

// Outcome is how a sign-in in the window ended: the account it signed in, or the
// problem that ended it (session.CodeCancelled when the person cancelled).
type Outcome struct {
	Account *session.Account `json:"account,omitempty"`
	Problem *session.Problem `json:"problem,omitempty"`
}

// request is one line from a caller.
type request struct {
	V  int    `json:"v"`
	Op string `json:"op"`
}

// reply is one line from the window.
type reply struct {
	Accepted bool             `json:"accepted,omitempty"`
	Joined   bool             `json:"joined,omitempty"`
	Done     bool             `json:"done,omitempty"`
	Account  *session.Account `json:"account,omitempty"`
	Problem  *session.Problem `json:"problem,omitempty"`
	Error    string           `json:"error,omitempty"`
	Busy     bool             `json:"busy,omitempty"`
}

// maxLine bounds a line read from the socket.
const maxLine = 64 << 10

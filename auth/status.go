package auth

import (
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Account is the person signed in, as AtomGit names them.
type Account struct {
	Login     string // their AtomGit login, e.g. "alice"
	Name      string // their name as they give it, or the login
	AvatarURL string // their picture, or ""
}

// State is what the session is doing, with the names `atomgit-login status --json` uses.
type State string

// The states of a Session.
const (
	StateSignedIn    State = "signed_in"    // a valid access token is at hand
	StateSignedOut   State = "signed_out"   // nobody is signed in
	StateRefreshing  State = "refreshing"   // signed in; a refresh is under way
	StateOffline     State = "offline"      // signed in, but the last refresh failed for a reason that passes; retrying
	StateReauth      State = "reauth"       // the grant has ended: the person must sign in again
	StateKeyringWait State = "keyring_wait" // waiting for the system keyring (to be unlocked, say)
)

// Status is what the session is, as a person would be told.
type Status struct {
	State State
	// Account is who is signed in, or nil for nobody (also in StateReauth: whose session
	// ended).
	Account *Account
	// ExpiresAt is when the access token expires (the zero time for none): it is
	// refreshed before then.
	ExpiresAt time.Time
	// Err is why, when there is no token to be had now: one of the Err… errors, as an
	// *Error. Nil when signed in.
	Err error
}

// statusOf is the public form of st; elsewhere says that the session was signed out by
// another program.
func statusOf(st session.Status, elsewhere bool) Status {
	out := Status{State: StateSignedOut}
	switch st.State {
	case session.SignedIn:
		out.State = StateSignedIn
	case session.Refreshing:
		out.State = StateRefreshing
	case session.Offline:
		out.State = StateOffline
	case session.Reauth:
		out.State = StateReauth
	case session.KeyringWait:
		out.State = StateKeyringWait
	}
	if a := st.Account; a != nil {
		out.Account = &Account{Login: a.Login, Name: a.Name, AvatarURL: a.AvatarURL}
	}
	if st.ExpiresAt != nil && out.Account != nil {
		out.ExpiresAt = *st.ExpiresAt
	}
	if out.State != StateSignedIn && out.State != StateRefreshing {
		out.Err = fromStatus(st, elsewhere, nil)
	}
	return out
}

// Package session keeps one AtomGit account signed in: the sign-in attempt's completion,
// the stored record in the keyring, refresh ahead of expiry with one refresh at a time,
// sign-out, and the status the UI and the commands show.
package session

import (
	"context"
	"errors"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// State is what the account is doing, as the UI names it.
type State string

// The states the window shows, one screen each.
const (
	Unconfigured State = "unconfigured" // no OAuth app set up
	SignedOut    State = "signed_out"
	Opening      State = "opening"   // the window is about to show, or shows, the authorize page
	Waiting      State = "waiting"   // the person is on the authorize page in their browser
	Finishing    State = "finishing" // exchanging the code, reading the user, storing
	SignedIn     State = "signed_in"
	Refreshing   State = "refreshing"
	Offline      State = "offline"      // a refresh failed for a reason that passes; retrying
	Reauth       State = "reauth"       // the grant is gone: sign in again
	KeyringWait  State = "keyring_wait" // waiting for the keyring to unlock
	Failed       State = "error"
)

// Storage says where the tokens are kept.
type Storage string

// The places tokens can be kept.
const (
	InKeyring Storage = "keyring"
	InMemory  Storage = "memory" // signed in for this run only
	InFile    Storage = "file"   // a plain-text file, because the person asked for one
	Nowhere   Storage = "none"
)

// Account is the signed-in person, as shown.
type Account struct {
	ID        string `json:"id,omitempty"`
	Login     string `json:"login"`
	Name      string `json:"name"`
	AvatarURL string `json:"avatar_url,omitempty"`
	HTMLURL   string `json:"html_url,omitempty"`
}

// Problem is something the UI explains: a code it translates, and details it shows as
// they are (a server's words, an address). Never a token, code or secret.
type Problem struct {
	Code    string `json:"code"`
	Detail  string `json:"detail,omitempty"`
	Setting string `json:"setting,omitempty"`
	// Key is, for CodeClientRefused, the setting AtomGit refused, by its config key
	// (client_secret, client_id, redirect_uri, scopes, profile); Setting names it as the
	// person gave it.
	Key string `json:"key,omitempty"`
	// Size and Limit are, for CodeKeyringTooBig, the bytes the entry needed and the most a
	// keyring entry may hold.
	Size  int `json:"size,omitempty"`
	Limit int `json:"limit,omitempty"`
}

// Status is the whole of what the UI shows; the backend sends it on every change.
type Status struct {
	State            State      `json:"state"`
	Host             string     `json:"host,omitempty"`
	Account          *Account   `json:"account,omitempty"`
	ExpiresAt        *time.Time `json:"expires_at,omitempty"`
	ExpiryAssumed    bool       `json:"expiry_assumed,omitempty"`
	RefreshExpiresAt *time.Time `json:"refresh_expires_at,omitempty"`
	RefreshedAt      *time.Time `json:"refreshed_at,omitempty"`
	RetryAt          *time.Time `json:"retry_at,omitempty"`
	Storage          Storage    `json:"storage"`
	StorageProblem   *Problem   `json:"storage_problem,omitempty"`
	Error            *Problem   `json:"error,omitempty"`
	Demo             bool       `json:"demo"`
}

// Problem codes beyond authflow's callback codes.
const (
	CodePortInUse          = "port_in_use"
	CodeTimeout            = "timeout"
	CodeCancelled          = "cancelled"
	CodeExchangeFailed     = "exchange_failed"
	CodeUserFailed         = "user_failed"
	CodeNetwork            = "network"
	CodeServer             = "server"
	CodeInvalidGrant       = "invalid_grant"
	CodeKeyringUnavailable = "keyring_unavailable"
	CodeKeyringTimeout     = "keyring_timeout"
	CodeKeyringTooBig      = "keyring_too_big"
	CodeLockUnavailable    = "lock_unavailable"
	CodeShortLived         = "short_lived"    // AtomGit's tokens expire before they may be refreshed
	CodeClientRefused      = "client_refused" // AtomGit refused the OAuth app itself: its settings (Problem.Key), not the person
	CodeInternal           = "internal"
)

// ProblemOf is what a person can be told about err, an error from this package or what
// it uses (the keyring, the lock, AtomGit): its Problem, with CodeInternal for an error it
// does not know. Nil for nil.
func ProblemOf(err error) *Problem { return problemOf(err, "") }

// problemOf turns an error into what a person can be told. Unknown errors become a
// generic code, so internals never reach the screen.
func problemOf(err error, redirectSetting string) *Problem {
	var (
		ce *authflow.CallbackError
		pe *authflow.PortInUseError
		ae *atomgit.Error
		ue *keyring.UnavailableError
		tb *keyring.TooBigError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		if key, ok := atomgit.RefusedSettingByCode(ce.Provider); ok && ce.Code == authflow.CodeProvider {
			return &Problem{Code: CodeClientRefused, Detail: ce.Detail, Key: key}
		}
		return &Problem{Code: ce.Code, Detail: ce.Detail}
	case errors.As(err, &pe):
		return &Problem{Code: CodePortInUse, Detail: pe.Addr, Setting: redirectSetting}
	case errors.Is(err, authflow.ErrTimeout):
		return &Problem{Code: CodeTimeout}
	case errors.Is(err, authflow.ErrCancelled):
		return &Problem{Code: CodeCancelled}
	case errors.As(err, &ae):
		return atomgitProblem(ae)
	case errors.As(err, &ue):
		return &Problem{Code: CodeKeyringUnavailable, Detail: ue.Reason}
	case errors.Is(err, keyring.ErrTimeout):
		return &Problem{Code: CodeKeyringTimeout}
	case errors.As(err, &tb):
		return &Problem{Code: CodeKeyringTooBig, Size: tb.Size, Limit: tb.Limit}
	case errors.Is(err, keyring.ErrTooBig):
		return &Problem{Code: CodeKeyringTooBig}
	case errors.Is(err, ErrLockUnavailable), errors.Is(err, ErrLockHeld), errors.Is(err, privdir.ErrUnsafe):
		return &Problem{Code: CodeLockUnavailable, Detail: refusedPath(err)}
	case errors.Is(err, context.DeadlineExceeded):
		return &Problem{Code: CodeNetwork, Detail: "no answer in time"}
	}
	return &Problem{Code: CodeInternal}
}

// refusedPath is the file that err names when the program refused it (privdir), or "".
func refusedPath(err error) string {
	if e, ok := errors.AsType[*privdir.Error](err); ok {
		return e.Path
	}
	if e, ok := errors.AsType[*privdir.HeldError](err); ok {
		return e.Path
	}
	return ""
}

func atomgitProblem(e *atomgit.Error) *Problem {
	if key, ok := atomgit.RefusedSetting(e); ok {
		return &Problem{Code: CodeClientRefused, Detail: e.Message, Key: key}
	}
	switch {
	case atomgit.IsInvalidGrant(e) && e.Op == "refresh":
		return &Problem{Code: CodeInvalidGrant, Detail: e.Message}
	case atomgit.IsInvalidGrant(e):
		return &Problem{Code: CodeExchangeFailed, Detail: e.Message}
	case e.StatusCode == 0:
		return &Problem{Code: CodeNetwork, Detail: e.Message}
	case atomgit.IsTemporary(e):
		return &Problem{Code: CodeServer, Detail: e.Message}
	case e.Op == "user":
		return &Problem{Code: CodeUserFailed, Detail: e.Message}
	}
	return &Problem{Code: CodeExchangeFailed, Detail: e.Message}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Second)
	return &t
}

package authflow

import (
	"errors"
	"net/url"
	"strings"
)

// ErrDecided is what an attempt that has already ended says to a callback handed to it.
var ErrDecided = errors.New("authflow: this sign-in has already ended")

// ErrNotCallback is a pasted text that is neither an address on the redirect URI nor a
// callback's query (code and state, or AtomGit's error and state).
var ErrNotCallback = errors.New("authflow: not the address of the callback, nor its code and state")

// errListening refuses a paste to an attempt whose callback is its listener's alone.
var errListening = errors.New("authflow: this sign-in takes its callback on its listener")

// Submit hands the attempt what the person pasted (login --no-browser): the address the
// browser ended on (the redirect URI, which does not load where nothing listens), or just
// its query (code=…&state=…, with or without the ?). The rules are the listener's and the
// window's (Deliver): only the attempt's state, compared in constant time, decides the
// attempt, with a code or with AtomGit's error; then Submit returns nil and Wait says how
// it ended. Anything else is refused and the attempt goes on: ErrNotCallback for an
// address elsewhere (the authorize page's, say) or text without a callback's parameters,
// a *CallbackError with CodeStateMismatch for another attempt's answer (an earlier
// sign-in's), ErrDecided once the attempt has ended. Only an attempt started with
// NoListener takes pastes.
func (a *Attempt) Submit(pasted string) error {
	if a.srv != nil {
		return errListening
	}
	s := strings.Trim(strings.TrimSpace(pasted), `"'<>`)
	if strings.Contains(s, "://") {
		if !MatchesRedirect(a.redirectURI, s) {
			return ErrNotCallback
		}
		u, err := url.Parse(s)
		if err != nil { // MatchesRedirect parsed it
			return ErrNotCallback
		}
		return a.take(u.Query(), "paste")
	}
	q, err := url.ParseQuery(strings.TrimPrefix(s, "?"))
	if err != nil || !q.Has("state") && !q.Has("code") && !q.Has("error") {
		return ErrNotCallback
	}
	return a.take(q, "paste")
}

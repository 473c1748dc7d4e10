package session

import (
	"context"
	"crypto/subtle"
	"errors"
	"math/rand/v2"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// saveRetry is how long after a failed keyring write the write is tried again.
const saveRetry = 30 * time.Second

// errRefused is what a session whose refresh token AtomGit refused gives instead of a token.
var errRefused = &atomgit.Error{Op: "refresh", Code: "invalid_grant", Message: "AtomGit refused the sign-in (revoked or expired); sign in again"}

// errRefreshExpired ends a session whose refresh token has expired by the server's word.
var errRefreshExpired = &atomgit.Error{Op: "refresh", Code: "invalid_grant", Message: "the sign-in has expired; sign in again"}

// maxSleep bounds each timer so that a deadline passed during a suspend (when monotonic
// timers stand still) or a wall-clock jump is noticed within minutes, not hours.
const maxSleep = 10 * time.Minute

// Margin is how long before expiry a token is refreshed: a tenth of its lifetime, at
// least a minute, at most half of it (so short demo tokens show refreshes too).
func Margin(lifetime time.Duration) time.Duration {
	m := max(lifetime/10, time.Minute)
	return min(m, lifetime/2)
}

// refreshDue is when rec's access token should be refreshed.
func refreshDue(rec *Record) time.Time {
	return rec.Token.Expiry.Add(-Margin(rec.Token.Expiry.Sub(rec.RefreshedAt)))
}

// backoff is the wait after n failures in a row: 5 s doubling to 5 min, ±20 % jitter.
func backoff(n int, retryAfter time.Duration) time.Duration {
	d := 5 * time.Second << min(n-1, 6)
	d = min(d, 5*time.Minute)
	d += time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return max(d, retryAfter)
}

// flight is one refresh under way; callers that arrive meanwhile wait for its result.
type flight struct {
	done   chan struct{}
	cancel context.CancelFunc // a sign-out ends the refresh: its result is nobody's
	rec    *Record
	err    error
}

// Token returns a valid access token, refreshing first when it is due. Many callers at
// once cause one refresh. A token that has expired is never returned: when the floor
// holds its refresh back (AtomGit's tokens expire too soon), or the refresh brought one
// that has expired already, the error is ErrExpired, and the status says why.
func (m *Manager) Token(ctx context.Context) (string, error) {
	m.mu.Lock()
	rec := m.rec
	due := rec != nil && m.due(rec)
	offline := m.state == Offline && m.now().Before(m.retryAt)
	m.mu.Unlock()
	if rec == nil {
		return "", ErrNoRecord
	}
	if rec.Refused {
		return "", errRefused
	}
	if !due || (offline && rec.Token.Valid(m.now())) {
		return m.valid(rec)
	}
	rec, err := m.refresh(ctx, true, false)
	if err != nil {
		return "", err
	}
	return m.valid(rec)
}

// valid is rec's access token while it is valid, else ErrExpired.
func (m *Manager) valid(rec *Record) (string, error) {
	if !rec.Token.Valid(m.now()) {
		return "", ErrExpired
	}
	return rec.Token.AccessToken, nil
}

// RefreshNow refreshes at once, whatever the expiry and the floor: a person asked.
func (m *Manager) RefreshNow(ctx context.Context) error {
	_, err := m.refresh(ctx, false, true)
	return err
}

// Refused is a tool's report that AtomGit refused token (a 401): while token is still
// the session's access token it is refreshed at once, and the new one returned. When the
// session has moved past it already (another tool's report, a refresh elsewhere), nothing
// is sent and the current token is returned: a hundred tools reporting the same token
// cause one refresh. A refresh token AtomGit refuses ends the session everywhere.
func (m *Manager) Refused(ctx context.Context, token string) (string, error) {
	m.mu.Lock()
	rec := m.rec
	m.mu.Unlock()
	switch {
	case rec == nil:
		return "", ErrNoRecord
	case subtle.ConstantTimeCompare([]byte(rec.Token.AccessToken), []byte(token)) != 1:
		return m.Token(ctx) // an older token: this process knows a newer one
	}
	rec, err := m.refresh(ctx, false, true)
	if err != nil {
		return "", err
	}
	return m.valid(rec)
}

// due reports whether rec's access token should be refreshed now: ahead of its expiry,
// and not within the floor after its last refresh.
func (m *Manager) due(rec *Record) bool {
	now := m.now()
	return !now.Before(nextRefresh(rec, now))
}

// refresh runs one refresh, or joins the one under way. With onlyIfDue, a record that
// is no longer due (a refresh just ended) is returned as it is. Only a forced refresh
// (a person's, or a tool's report of a refused token) is sent within the floor.
func (m *Manager) refresh(ctx context.Context, onlyIfDue, forced bool) (*Record, error) {
	m.mu.Lock()
	if f := m.flight; f != nil {
		m.mu.Unlock()
		select {
		case <-f.done:
			return f.rec, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rec, witness := m.rec, m.witness
	if rec == nil {
		m.mu.Unlock()
		return nil, ErrNoRecord
	}
	if rec.Refused {
		m.mu.Unlock()
		return nil, errRefused
	}
	if onlyIfDue && !m.due(rec) {
		m.mu.Unlock()
		return rec, nil
	}
	// The refresh itself outlives the caller's context: its result is everyone's.
	rctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	f := &flight{done: make(chan struct{}), cancel: cancel}
	m.flight = f
	if m.state == SignedIn || m.state == Offline {
		m.state = Refreshing
	}
	m.emitLocked()
	m.mu.Unlock()

	out, err := m.keeper.Refresh(rctx, m.vault, witness, rec, m.due, forced, m.send)
	cancel()
	if err == nil && m.mine(out.Rec) == nil { // the vault holds another account now (--user)
		out, err = Refreshed{}, ErrNoRecord
	}

	m.mu.Lock()
	m.flight = nil
	if m.rec != rec {
		// Signed out, signed in anew, or what this refresh stored was adopted already
		// (the change signal of its own write can come first): the session now is what
		// counts, refused too.
		out.Rec, err = m.rec, nil
		switch {
		case m.rec == nil:
			err = ErrNoRecord
		case m.rec.Refused:
			err = errRefused
		}
	} else {
		m.settleLocked(out, err)
	}
	f.rec, f.err = out.Rec, err
	m.emitLocked()
	m.scheduleLocked()
	m.mu.Unlock()
	close(f.done)
	return f.rec, f.err
}

// send refreshes rec's tokens: the Keeper calls it, under its lock, when the store
// still holds rec (or rec is what it holds).
func (m *Manager) send(ctx context.Context, rec *Record) (*Record, error) {
	if exp := rec.Token.RefreshExpiry; !exp.IsZero() && !m.now().Before(exp) {
		return nil, errRefreshExpired
	}
	tok, err := m.opts.Client.Refresh(ctx, rec.Token.RefreshToken)
	if err != nil {
		return nil, err
	}
	next := &Record{Token: mergeRefresh(rec.Token, *tok), Account: rec.Account, RefreshedAt: m.now()}
	return countShort(next, rec.ShortLived), nil
}

// mergeRefresh is the one place a refresh answer meets the token it refreshes. A server
// that does not rotate may leave out the refresh token, or send the same one with or
// without its expiry: the refresh token and its known expiry are kept. A new refresh
// token comes with its own expiry (zero: unknown).
func mergeRefresh(old, answer atomgit.Token) atomgit.Token {
	if answer.RefreshToken == "" || answer.RefreshToken == old.RefreshToken {
		answer.RefreshToken = old.RefreshToken
		if answer.RefreshExpiry.IsZero() {
			answer.RefreshExpiry = old.RefreshExpiry
		}
	}
	return answer
}

// settleLocked applies a refresh's outcome to the state. During a sign-in attempt the
// screen stays the attempt's: the refresh changes the session underneath, and the
// attempt's end decides what shows.
func (m *Manager) settleLocked(out Refreshed, err error) {
	if m.signingInLocked() {
		state, problem := m.state, m.problem
		defer func() { m.state, m.problem = state, problem }()
	}
	switch {
	case err == nil && out.Adopted:
		m.adoptStoredLocked(out.Rec)
	case err == nil:
		witness := m.witness
		if out.SaveErr == nil {
			witness = Witness(out.Rec)
		}
		m.setRecLocked(out.Rec, witness)
		m.failures = 0
		m.stateFromLocked(out.Rec) // signed in; or, when AtomGit's token has expired already, offline until the floor's end
		m.setStorageLocked(out.SaveErr)
	case errors.Is(err, ErrNoRecord): // signed out elsewhere
		m.adoptStoredLocked(nil)
	case atomgit.IsInvalidGrant(err):
		if out.Rec != nil { // recorded as refused in the store
			m.setRecLocked(out.Rec, Witness(out.Rec))
		}
		m.state, m.problem = Reauth, problemOf(err, "")
	default:
		m.failures++
		var ae *atomgit.Error
		var ra time.Duration
		if errors.As(err, &ae) {
			ra = ae.RetryAfter
		}
		m.retryAt = m.now().Add(backoff(m.failures, ra))
		m.state, m.problem = Offline, problemOf(err, "")
	}
}

// scheduleLocked sets the one timer: the next refresh or retry, or the next try of a
// keyring write that failed, whichever comes first.
func (m *Manager) scheduleLocked() {
	if m.stopTimer != nil {
		m.stopTimer()
		m.stopTimer = nil
	}
	m.timerGen++ // a timer of an earlier count that fires anyway does nothing
	if m.rec == nil || m.ctx.Err() != nil {
		return
	}
	var due time.Time
	switch m.state {
	case Reauth:
	case Offline:
		due = m.retryAt
	default:
		due = nextRefresh(m.rec, m.now())
		if exp := m.rec.Token.Expiry; m.state == SignedIn && exp.Before(due) {
			due = exp // a short-lived token expires before it may be refreshed: show it then
		}
	}
	if m.unsaved && (due.IsZero() || m.saveAt.Before(due)) {
		due = m.saveAt
	}
	if due.IsZero() {
		return
	}
	d := min(due.Sub(m.now()), maxSleep)
	gen := m.timerGen
	m.stopTimer = m.after(max(d, 0), m.inBackground(func() { m.onTimer(gen) }))
}

// onTimer does what is due by the wall clock (a suspend or a clock jump may have passed
// the deadline, or not yet reached it), and sets the timer again. gen is the timer's
// (scheduleLocked's count when it set it).
func (m *Manager) onTimer(gen uint64) {
	m.mu.Lock()
	now, rec, witness := m.now(), m.rec, m.witness
	save := rec != nil && m.unsaved && !now.Before(m.saveAt)
	if gen != m.timerGen {
		// Replaced while it fired (say, a timer set when the record was due, firing after
		// a Token call's own refresh has failed): the timer set since decides, not this one.
		m.mu.Unlock()
		return
	}
	refresh := rec != nil && m.state != Reauth && (m.due(rec) || (m.state == Offline && !now.Before(m.retryAt)))
	if !save && !refresh {
		if rec != nil && m.state == SignedIn && !rec.Token.Valid(now) {
			m.stateFromLocked(rec) // expired before its refresh is due: offline until then
			m.emitLocked()
		}
		m.scheduleLocked()
	}
	m.mu.Unlock()
	if save {
		m.retrySave(rec, witness)
	}
	if refresh {
		m.refresh(m.ctx, false, false)
	}
}

// retrySave writes rec to the store again after a failed write, only if the store still
// holds what rec replaced (witness); otherwise what is stored now wins, and rec is dropped.
func (m *Manager) retrySave(rec *Record, witness string) {
	ctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	defer cancel()
	stored, wrote, err := m.keeper.Put(ctx, m.vault, witness, rec)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rec == rec {
		switch {
		case err != nil:
			m.setStorageLocked(err)
		case wrote:
			m.setRecLocked(rec, Witness(rec))
			m.setStorageLocked(nil)
		default:
			m.adoptStoredLocked(m.mine(stored))
		}
		m.emitLocked()
	}
	m.scheduleLocked()
}

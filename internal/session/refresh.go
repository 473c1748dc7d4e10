package session

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// saveRetry is how long after a failed keyring write the write is tried again.
const saveRetry = 30 * time.Second

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
	done chan struct{}
	rec  *Record
	err  error
}

// Token returns a valid access token, refreshing first when it is due. Many callers at
// once cause one refresh.
func (m *Manager) Token(ctx context.Context) (string, error) {
	m.mu.Lock()
	rec := m.rec
	due := rec != nil && (!m.now().Before(refreshDue(rec)))
	offline := m.state == Offline && m.now().Before(m.retryAt)
	m.mu.Unlock()
	if rec == nil {
		return "", ErrNoRecord
	}
	if !due || (offline && rec.Token.Valid(m.now())) {
		return rec.Token.AccessToken, nil
	}
	rec, err := m.refresh(ctx)
	if err != nil {
		return "", err
	}
	return rec.Token.AccessToken, nil
}

// RefreshNow refreshes at once, whatever the expiry.
func (m *Manager) RefreshNow(ctx context.Context) error {
	_, err := m.refresh(ctx)
	return err
}

// refresh runs one refresh, or joins the one under way.
func (m *Manager) refresh(ctx context.Context) (*Record, error) {
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
	rec := m.rec
	if rec == nil {
		m.mu.Unlock()
		return nil, ErrNoRecord
	}
	f := &flight{done: make(chan struct{})}
	m.flight = f
	if m.state == SignedIn || m.state == Offline {
		m.state = Refreshing
	}
	m.emitLocked()
	m.mu.Unlock()

	// The refresh itself outlives the caller's context: its result is everyone's.
	rctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	newRec, saveErr, err := m.refreshShared(rctx, rec)
	cancel()

	m.mu.Lock()
	m.flight = nil
	f.rec, f.err = newRec, err
	m.settleLocked(rec, newRec, saveErr, err)
	m.emitLocked()
	m.scheduleLocked()
	m.mu.Unlock()
	close(f.done)
	return newRec, err
}

// refreshShared refreshes under the cross-process lock. Another process may have
// refreshed already: then its stored tokens are used and nothing is sent. A new record is
// written to the keyring before it is returned to anyone (write before use).
func (m *Manager) refreshShared(ctx context.Context, rec *Record) (newRec *Record, saveErr, err error) {
	if m.opts.Lock != nil {
		unlock, err := m.opts.Lock.Lock(ctx)
		if err != nil {
			return nil, nil, err
		}
		defer unlock()
	}
	if stored := m.newerStored(ctx, rec); stored != nil {
		return stored, nil, nil
	}
	if exp := rec.Token.RefreshExpiry; !exp.IsZero() && !m.now().Before(exp) {
		return nil, nil, errRefreshExpired
	}
	tok, err := m.opts.Client.Refresh(ctx, rec.Token.RefreshToken)
	if err != nil {
		if atomgit.IsInvalidGrant(err) {
			// Another process may have rotated the refresh token between our read and
			// our request: believe the keyring before giving up.
			if stored := m.newerStored(ctx, rec); stored != nil {
				return stored, nil, nil
			}
		}
		return nil, nil, err
	}
	if tok.RefreshToken == "" { // no rotation: keep the refresh token we have
		tok.RefreshToken, tok.RefreshExpiry = rec.Token.RefreshToken, rec.Token.RefreshExpiry
	}
	newRec = &Record{Token: *tok, Account: rec.Account, RefreshedAt: m.now()}
	saveErr = m.keyringCall(func() error { return m.opts.Vault.Save(ctx, newRec) })
	return newRec, saveErr, nil
}

// newerStored returns the stored record if another process has refreshed rec's session
// (the same account, another access token that is still good).
func (m *Manager) newerStored(ctx context.Context, rec *Record) *Record {
	var stored *Record
	err := m.keyringCall(func() (err error) { stored, err = m.opts.Vault.Load(ctx); return err })
	if err != nil || stored.Account.Login != rec.Account.Login || stored.Token.AccessToken == rec.Token.AccessToken {
		return nil
	}
	if !m.now().Before(refreshDue(stored)) {
		return nil
	}
	return stored
}

// settleLocked applies a refresh's outcome to the state.
func (m *Manager) settleLocked(old, newRec *Record, saveErr, err error) {
	if m.rec != old { // signed out or signed in anew meanwhile
		return
	}
	switch {
	case err == nil:
		m.rec, m.failures, m.problem, m.state = newRec, 0, nil, SignedIn
		if saveErr != nil || m.unsaved {
			m.setStorageLocked(saveErr)
		} else if m.storage != m.opts.Storage {
			m.setStorageLocked(nil)
		}
	case atomgit.IsInvalidGrant(err):
		m.state, m.problem = Reauth, problemOf(err, "")
	case errors.Is(err, ErrNoRecord):
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
	if m.rec == nil || m.ctx.Err() != nil {
		return
	}
	var due time.Time
	switch m.state {
	case Reauth:
	case Offline:
		due = m.retryAt
	default:
		due = refreshDue(m.rec)
	}
	if m.unsaved && (due.IsZero() || m.saveAt.Before(due)) {
		due = m.saveAt
	}
	if due.IsZero() {
		return
	}
	d := min(due.Sub(m.now()), maxSleep)
	m.stopTimer = m.after(max(d, 0), m.onTimer)
}

// onTimer does what is due by the wall clock (a suspend or a clock jump may have passed
// the deadline, or not yet reached it), and sets the timer again.
func (m *Manager) onTimer() {
	m.mu.Lock()
	now, rec := m.now(), m.rec
	save := rec != nil && m.unsaved && !now.Before(m.saveAt)
	refresh := rec != nil && m.state != Reauth && (!now.Before(refreshDue(rec)) || (m.state == Offline && !now.Before(m.retryAt)))
	if !save && !refresh {
		m.scheduleLocked()
	}
	m.mu.Unlock()
	if save {
		m.retrySave(rec)
	}
	if refresh {
		m.refresh(m.ctx)
	}
}

// retrySave writes rec to the keyring again after a failed write.
func (m *Manager) retrySave(rec *Record) {
	ctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	defer cancel()
	err := m.keyringCall(func() error { return m.opts.Vault.Save(ctx, rec) })
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rec == rec {
		m.setStorageLocked(err)
		m.emitLocked()
	}
	m.scheduleLocked()
}

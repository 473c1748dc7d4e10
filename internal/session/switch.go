package session

import (
	"context"
	"errors"
)

// SignOut signs the account out here and in the store; it needs no network. A refresh
// under way here is cancelled, and one under way in another process is waited for, so
// that nothing it writes outlives the sign-out. With several accounts, another one (if
// any) becomes the active one.
func (m *Manager) SignOut(ctx context.Context) error {
	m.mu.Lock()
	if m.stopTimer != nil {
		m.stopTimer()
		m.stopTimer = nil
	}
	if m.flight != nil {
		m.flight.cancel()
	}
	login := ""
	if m.rec != nil {
		login = m.rec.Account.Login
	}
	signedIn := m.rec != nil
	m.setRecLocked(nil, "")
	m.writing++
	m.problem, m.unsaved, m.failures = nil, false, 0
	m.state = SignedOut
	if !m.opts.Configured {
		m.state = Unconfigured
	}
	m.emitLocked()
	m.mu.Unlock()
	var err error
	if m.active || signedIn { // a pinned account that is not signed in has nothing stored
		_, _, err = m.keeper.SignOut(ctx, login)
	}
	if errors.Is(err, ErrNoAccount) {
		err = nil // signed out already, elsewhere
	}
	m.mu.Lock()
	m.writing--
	if err != nil {
		m.storageErr = problemOf(err, "")
	} else {
		m.storage, m.storageErr = m.opts.Storage, nil
	}
	m.emitLocked()
	m.mu.Unlock()
	// Syncs held back while the store changed: show what it holds now (another account
	// that became active, or nobody; or, when the write failed, what is still there).
	m.sync()
	if err != nil {
		m.mu.Lock()
		m.storageErr = problemOf(err, "")
		m.emitLocked()
		m.mu.Unlock()
	}
	return err
}

// Switch makes another signed-in account the active one.
func (m *Manager) Switch(ctx context.Context, login string) error {
	if !m.active {
		return errors.New("session: --user pins one account; switch without it")
	}
	if err := m.keeper.Switch(ctx, login); err != nil {
		return err
	}
	m.sync()
	return nil
}

// Accounts lists the signed-in accounts, the active one first.
func (m *Manager) Accounts(ctx context.Context) ([]AccountEntry, error) {
	return m.keeper.List(ctx)
}

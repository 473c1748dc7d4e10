package session

import (
	"context"
	"errors"
)

// storeSignIn writes a new sign-in's record. With Accounts, the account that was active
// is parked first, so that signing in to a second account keeps the first.
func (m *Manager) storeSignIn(ctx context.Context, rec *Record) error {
	a := m.opts.Accounts
	if a == nil {
		return m.opts.Vault.Save(ctx, rec)
	}
	if err := a.Park(ctx, rec.Account.Login); err != nil {
		return err
	}
	if err := m.opts.Vault.Save(ctx, rec); err != nil {
		return err
	}
	return a.Unpark(ctx, rec.Account.Login)
}

// SignOut signs the active account out here and in the keyring; it needs no network.
// With Accounts, another signed-in account (if any) becomes the active one.
func (m *Manager) SignOut(ctx context.Context) error {
	m.mu.Lock()
	if m.stopTimer != nil {
		m.stopTimer()
	}
	login := ""
	if m.rec != nil {
		login = m.rec.Account.Login
	}
	m.rec, m.problem, m.unsaved, m.failures = nil, nil, false, 0
	m.state = SignedOut
	if !m.opts.Configured {
		m.state = Unconfigured
	}
	m.emitLocked()
	m.mu.Unlock()
	next := ""
	err := m.keyringCall(func() (err error) {
		if m.opts.Accounts == nil || login == "" {
			return m.opts.Vault.Delete(ctx)
		}
		next, err = m.opts.Accounts.Remove(ctx, login)
		return err
	})
	m.mu.Lock()
	if err != nil {
		m.storageErr = problemOf(err, "")
	} else {
		m.storage, m.storageErr = m.opts.Storage, nil
	}
	m.emitLocked()
	m.mu.Unlock()
	if err == nil && next != "" {
		m.load(ctx)
	}
	return err
}

// Switch makes another signed-in account the active one.
func (m *Manager) Switch(ctx context.Context, login string) error {
	if m.opts.Accounts == nil {
		return errors.New("session: one account only")
	}
	if err := m.keyringCall(func() error { return m.opts.Accounts.Switch(ctx, login) }); err != nil {
		return err
	}
	m.mu.Lock()
	m.failures, m.unsaved, m.problem = 0, false, nil
	m.mu.Unlock()
	m.load(ctx)
	return nil
}

// Accounts lists the signed-in accounts, the active one first.
func (m *Manager) Accounts(ctx context.Context) ([]AccountEntry, error) {
	if m.opts.Accounts == nil {
		st := m.Status()
		if st.Account == nil {
			return nil, nil
		}
		return []AccountEntry{{Account: *st.Account, Active: true}}, nil
	}
	var list []AccountEntry
	err := m.keyringCall(func() (err error) { list, err = m.opts.Accounts.List(ctx); return err })
	return list, err
}

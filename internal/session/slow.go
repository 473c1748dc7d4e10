package session

import (
	"context"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// slowStore is the Manager's view of the keyring: every call goes through keyringCall.
type slowStore struct {
	keyring.Store
	m *Manager
}

func (s slowStore) Get(ctx context.Context, service, user string) (secret string, err error) {
	err = s.m.keyringCall(func() error { secret, err = s.Store.Get(ctx, service, user); return err })
	return secret, err
}

func (s slowStore) Set(ctx context.Context, service, user, secret string) error {
	return s.m.keyringCall(func() error { return s.Store.Set(ctx, service, user, secret) })
}

func (s slowStore) Delete(ctx context.Context, service, user string) error {
	return s.m.keyringCall(func() error { return s.Store.Delete(ctx, service, user) })
}

// slowKeyring is how long a keyring call takes before the status says "waiting for the
// keyring".
const slowKeyring = time.Second

// keyringCall runs a keyring operation and shows "waiting for the keyring" while it takes
// longer than slowKeyring (an unlock prompt may be up). It is the program's one notice of
// a slow keyring, whatever the store: the window shows it, and `login --browser` waits
// through it.
func (m *Manager) keyringCall(op func() error) error {
	finished, slow := false, false // guarded by m.mu
	stop := m.slowAfter(slowKeyring, m.inBackground(func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if !finished {
			slow = true
			m.keyringWait++
			m.emitLocked()
		}
	}))
	err := op()
	stop()
	m.mu.Lock()
	finished = true
	if slow {
		m.keyringWait--
		m.emitLocked()
	}
	m.mu.Unlock()
	return err
}

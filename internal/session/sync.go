package session

import (
	"context"
	"errors"
)

// Sync adopts what is stored now when it is not what this Manager last saw, as a follow
// of the Keeper's signal does: for a caller that knows the store has changed (another
// process wrote it) and wants the change before its next call rather than when the
// signal's watcher gets to it, or that wants to read a store that could not be read
// before (a keyring since unlocked). It reads once, under the Keeper's lock, and returns
// that read's error; nobody stored (ErrNoRecord) is no error. Nothing is retried later.
func (m *Manager) Sync(ctx context.Context) error { return m.syncOnce(ctx) }

// syncOnce reads what is stored and adopts it when it is not what this Manager last saw;
// it reads again when this Manager's session changed during the read, to know which is
// newer. A store that cannot be read changes nothing here: the error is returned.
func (m *Manager) syncOnce(ctx context.Context) error {
	for ctx.Err() == nil {
		m.mu.Lock()
		gen := m.gen
		m.mu.Unlock()
		rec, err := m.keeper.Read(ctx, m.vault)
		if err != nil && !errors.Is(err, ErrNoRecord) {
			return err
		}
		rec = m.mine(rec)
		m.mu.Lock()
		m.syncFails = 0
		if m.writing > 0 { // a sign-out here is changing the store: it syncs when done
			m.mu.Unlock()
			return nil
		}
		if gen != m.gen { // changed here meanwhile: read again, to know which is newer
			m.mu.Unlock()
			continue
		}
		// A store that could not be read at all before is read now: its problem goes too.
		if Witness(rec) != m.witness || (m.rec == nil && m.storageErr != nil) {
			m.adoptStoredLocked(rec)
			m.emitLocked()
			m.scheduleLocked()
		}
		m.mu.Unlock()
		return nil
	}
	return ctx.Err()
}

package session

import "context"

// Pending is a sign-in under way, from the attempt that began it to its end. An attempt
// that replaces another (the person pressed Sign in again) goes on with the same Pending,
// so whoever waits on it learns how the sign-in the person finished ended. Safe for
// concurrent use.
type Pending struct {
	done    chan struct{}
	account *Account // set before done closes: signed in as
	problem *Problem // set before done closes: why not
}

// Done is closed when the sign-in has ended.
func (p *Pending) Done() <-chan struct{} { return p.done }

// Wait waits until the sign-in ends, or ctx does, and returns the account it signed in,
// or the problem that ended it (CodeCancelled when the person cancelled it). A sign-in
// that has ended is reported even when ctx has ended too.
func (p *Pending) Wait(ctx context.Context) (*Account, *Problem, error) {
	select {
	case <-p.done:
		return p.account, p.problem, nil
	default:
	}
	select {
	case <-p.done:
		return p.account, p.problem, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// Pending returns the sign-in under way, or nil when there is none.
func (m *Manager) Pending() *Pending {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pending
}

// pendLocked makes sure a Pending stands for the attempt that begins.
func (m *Manager) pendLocked() {
	if m.pending == nil {
		m.pending = &Pending{done: make(chan struct{})}
	}
}

// settlePendingLocked ends the sign-in under way, if any, with its outcome: the account
// signed in, or the problem.
func (m *Manager) settlePendingLocked(account *Account, p *Problem) {
	if m.pending == nil {
		return
	}
	m.pending.account, m.pending.problem = account, p
	close(m.pending.done)
	m.pending = nil
}

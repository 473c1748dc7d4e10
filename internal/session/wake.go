package session

// CheckNow does at once what is due by the wall clock, as the timer does when it fires:
// call it when the machine wakes from sleep (its timers stood still meanwhile, and the
// token may have expired) or when its network comes back. A session that is offline
// retries now instead of at its backoff's end; otherwise a refresh is sent only when it is
// due by the token's expiry, and never within the refresh floor (RefreshFloor), as for
// the timer: a check, never a refresh regardless. Safe for concurrent use; it returns once what was
// due is done.
func (m *Manager) CheckNow() {
	m.mu.Lock()
	if m.state == Offline && m.now().Before(m.retryAt) {
		m.retryAt = m.now()
	}
	gen := m.timerGen
	m.mu.Unlock()
	m.onTimer(gen)
}

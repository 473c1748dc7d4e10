package session

// inBackground wraps f, work the Manager starts on its own (a follow of another process's
// write, a timer, the first load, the end of a sign-in attempt), so that Wait can wait for
// it: once the Manager's context has ended, the wrapper does nothing.
func (m *Manager) inBackground(f func()) func() {
	return func() {
		m.mu.Lock()
		if m.ended {
			m.mu.Unlock()
			return
		}
		m.work.Add(1) // under m.mu, before ended is set: so before Wait waits
		m.mu.Unlock()
		defer m.work.Done()
		f()
	}
}

// Wait returns once the context given to Run has ended and nothing the Manager started in
// the background runs any more (its timers, its follow of other processes' writes, the
// end of a sign-in): nothing of it reads or writes the store, or reports a status, after
// Wait. Timers that fire later do nothing. Any number of goroutines may wait, once Run
// has returned.
func (m *Manager) Wait() {
	<-m.end
	m.mu.Lock()
	watched := m.watched
	m.mu.Unlock()
	if watched != nil {
		<-watched
	}
	m.work.Wait()
}

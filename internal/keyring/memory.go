package keyring

import (
	"context"
	"sync"
)

// Memory is a Store that keeps secrets in the process, for tests and for
// running without a keyring. The zero value is an empty store ready to use.
// Memory is safe for concurrent use.
//
// It behaves like System: the same errors (ErrNotFound, ErrTooBig, an
// *OpError around each), and a done context ends a call. It has no timeout of
// its own. FailNext and Block let tests of other packages inject failures and
// slowness.
type Memory struct {
	mu       sync.Mutex // guards entries, failures and gate
	entries  map[memoryKey]string
	failures []error       // returned by the next calls, first first
	gate     chan struct{} // non-nil: calls wait until it is closed
}

var _ Store = (*Memory)(nil)

type memoryKey struct{ service, user string }

// FailNext makes the next call (Get, Set or Delete) fail with err, without
// touching the entries; a nil err lets that call through (to fail a later
// one). Each FailNext adds one failure; later calls take them in order. err is wrapped like System's errors, so pass this package's
// errors (ErrTimeout, &UnavailableError{…}) to have callers see what System
// would return.
func (m *Memory) FailNext(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures = append(m.failures, err)
}

// Block makes calls wait, until release is called, from the moment Block
// returns. A call whose context is done while it waits returns an error
// matching ErrTimeout (deadline) or context.Canceled. Calling release more
// than once is harmless; Block while blocked returns a release for the same
// gate.
func (m *Memory) Block() (release func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gate == nil {
		m.gate = make(chan struct{})
	}
	gate := m.gate
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			if m.gate == gate {
				m.gate = nil
			}
			close(gate)
		})
	}
}

// Get returns the secret for (service, user), or an error matching
// ErrNotFound.
func (m *Memory) Get(ctx context.Context, service, user string) (string, error) {
	var secret string
	err := m.do(ctx, "get", service, user, func() error {
		s, ok := m.entries[memoryKey{service, user}]
		if !ok {
			return ErrNotFound
		}
		secret = s
		return nil
	})
	return secret, err
}

// Set stores secret for (service, user). It returns an error matching
// ErrTooBig when the entry reaches MaxSize bytes, as System does.
func (m *Memory) Set(ctx context.Context, service, user, secret string) error {
	if err := checkSize(service, user, secret); err != nil {
		return &OpError{Op: "set", Service: service, User: user, Err: err}
	}
	return m.do(ctx, "set", service, user, func() error {
		if m.entries == nil {
			m.entries = make(map[memoryKey]string)
		}
		m.entries[memoryKey{service, user}] = secret
		return nil
	})
}

// Delete removes the entry for (service, user), or returns an error matching
// ErrNotFound.
func (m *Memory) Delete(ctx context.Context, service, user string) error {
	return m.do(ctx, "delete", service, user, func() error {
		k := memoryKey{service, user}
		if _, ok := m.entries[k]; !ok {
			return ErrNotFound
		}
		delete(m.entries, k)
		return nil
	})
}

// do waits while calls are blocked, then runs fn with m.mu held, unless a
// failure is queued.
func (m *Memory) do(ctx context.Context, op, service, user string, fn func() error) error {
	err := m.wait(ctx)
	if err == nil {
		err = m.apply(fn)
	}
	if err != nil {
		return &OpError{Op: op, Service: service, User: user, Err: err}
	}
	return nil
}

// apply returns the next queued failure, or else the result of fn; it holds
// m.mu throughout.
func (m *Memory) apply(fn func() error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.failures) > 0 {
		err := m.failures[0]
		m.failures = m.failures[1:]
		if err != nil {
			return err
		}
	}
	return fn()
}

// wait returns nil once calls are not blocked, or an error once ctx is done.
func (m *Memory) wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return ctxError(err)
		}
		m.mu.Lock()
		gate := m.gate
		m.mu.Unlock()
		if gate == nil {
			return nil
		}
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
}

package keyring

import (
	"context"
	"sync"
	"time"
)

// DefaultTimeout is how long a System call waits for the keyring, waiting in the
// queue included: long enough for a person to read the keyring's unlock prompt and type
// their password. It is the program's one keyring timeout: the commands and the window
// use it, and so does the session's first read of what is stored.
const DefaultTimeout = 2 * time.Minute

// Option configures a System; pass options to NewSystem.
type Option func(*System)

// WithTimeout sets how long each call may take, waiting in the queue
// included. A d of zero or less keeps DefaultTimeout. A shorter deadline on
// the caller's context wins.
func WithTimeout(d time.Duration) Option {
	return func(s *System) {
		if d > 0 {
			s.timeout = d
		}
	}
}

// System is the operating system's keyring (go-keyring). Use NewSystem; the
// zero value is not usable. System is safe for concurrent use.
//
// go-keyring calls block and cannot be cancelled: a locked keyring that shows
// an unlock prompt, or a frozen Secret Service, makes them hang, possibly for
// ever. So System runs them one at a time, in the order they were made, on a
// single worker goroutine, and each caller waits at most the timeout (see
// WithTimeout) or until its context is done:
//
//   - A caller whose deadline passes gets an error matching ErrTimeout (and
//     context.DeadlineExceeded). The keyring call itself may still be running
//     and may finish later: a Set or Delete that timed out may or may not
//     take effect. Because calls run strictly in order, such a late write
//     always lands before any call made after it, so it can never overwrite a
//     newer write.
//   - A call that is still queued when its caller gives up is dropped: it is
//     never run.
//   - While a call is stuck, later calls queue behind it and time out in
//     their turn.
//
// The worker goroutine starts on demand and exits when the queue is empty, so
// an idle System holds no goroutine and needs no Close. A keyring call that
// never returns keeps the worker for the life of the process.
type System struct {
	backend backend
	timeout time.Duration
	onIdle  func() // tests: called when the worker exits

	mu      sync.Mutex // guards queue and running
	queue   []*request
	running bool // a worker goroutine is draining queue
}

var _ Store = (*System)(nil)

// request is one queued keyring call.
type request struct {
	ctx  context.Context // done: the caller gave up, drop the call
	run  func(backend) (string, error)
	done chan result // buffered: the worker never waits for the caller
}

type result struct {
	secret string
	err    error
}

// NewSystem returns the OS keyring with DefaultTimeout, changed by opts.
func NewSystem(opts ...Option) *System {
	return newSystem(goKeyring{}, opts...)
}

func newSystem(b backend, opts ...Option) *System {
	s := &System{backend: b, timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Get returns the secret for (service, user). It returns an error matching
// ErrNotFound when there is none.
func (s *System) Get(ctx context.Context, service, user string) (string, error) {
	return s.do(ctx, "get", service, user, func(b backend) (string, error) {
		return b.Get(service, user)
	})
}

// Set stores secret for (service, user), replacing any earlier one. An entry
// whose service, user and secret together reach MaxSize bytes is refused
// with ErrTooBig before the keyring is asked.
func (s *System) Set(ctx context.Context, service, user, secret string) error {
	if err := checkSize(service, user, secret); err != nil {
		return &OpError{Op: "set", Service: service, User: user, Err: err}
	}
	_, err := s.do(ctx, "set", service, user, func(b backend) (string, error) {
		return "", b.Set(service, user, secret)
	})
	return err
}

// Delete removes the entry for (service, user). It returns an error matching
// ErrNotFound when there was none.
func (s *System) Delete(ctx context.Context, service, user string) error {
	_, err := s.do(ctx, "delete", service, user, func(b backend) (string, error) {
		return "", b.Delete(service, user)
	})
	return err
}

// do queues run and waits for its result, the timeout, or ctx.
func (s *System) do(ctx context.Context, op, service, user string, run func(backend) (string, error)) (string, error) {
	fail := func(err error) (string, error) {
		return "", &OpError{Op: op, Service: service, User: user, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return fail(ctxError(err))
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel() // also tells the worker to drop the call if still queued

	r := &request{ctx: ctx, run: run, done: make(chan result, 1)}
	s.enqueue(r)

	var res result
	select {
	case res = <-r.done:
	case <-ctx.Done():
		select {
		case res = <-r.done: // finished just in time: prefer the answer
		default:
			return fail(ctxError(ctx.Err()))
		}
	}
	if res.err != nil {
		return fail(mapError(res.err))
	}
	return res.secret, nil
}

// enqueue appends r to the queue and starts the worker if none is running.
func (s *System) enqueue(r *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, r)
	if !s.running {
		s.running = true
		go s.work()
	}
}

// work runs queued calls in order until the queue is empty.
func (s *System) work() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.queue = nil
			s.running = false
			onIdle := s.onIdle
			s.mu.Unlock()
			if onIdle != nil {
				onIdle()
			}
			return
		}
		r := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		s.mu.Unlock()

		if r.ctx.Err() != nil {
			continue // the caller has given up: never run it
		}
		secret, err := r.run(s.backend)
		r.done <- result{secret: secret, err: err}
	}
}

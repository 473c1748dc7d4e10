package keyring

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// fakeBackend is an in-memory backend that records its calls. before, when
// set, runs at the start of every call, outside the lock: tests use it to
// hold a call until they release it.
type fakeBackend struct {
	before func(op, secret string)

	mu      sync.Mutex // guards entries, calls and err
	entries map[[2]string]string
	calls   []string // "get", "set <secret>", "delete"
	err     error    // returned by every call when non-nil
}

var _ backend = (*fakeBackend)(nil)

func newFakeBackend() *fakeBackend {
	return &fakeBackend{entries: make(map[[2]string]string)}
}

func (b *fakeBackend) enter(op, secret string) error {
	if b.before != nil {
		b.before(op, secret)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	call := op
	if op == "set" {
		call += " " + secret
	}
	b.calls = append(b.calls, call)
	return b.err
}

func (b *fakeBackend) Get(service, user string) (string, error) {
	if err := b.enter("get", ""); err != nil {
		return "", err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.entries[[2]string{service, user}]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return s, nil
}

func (b *fakeBackend) Set(service, user, secret string) error {
	if err := b.enter("set", secret); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.entries[[2]string{service, user}] = secret
	return nil
}

func (b *fakeBackend) Delete(service, user string) error {
	if err := b.enter("delete", ""); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	k := [2]string{service, user}
	if _, ok := b.entries[k]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(b.entries, k)
	return nil
}

func (b *fakeBackend) recorded() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls)
}

// idleSystem returns a System over b whose worker can be waited for with
// waitIdle.
func idleSystem(t *testing.T, b backend, opts ...Option) *System {
	t.Helper()
	s := newSystem(b, opts...)
	idle := make(chan struct{}, 1)
	s.onIdle = func() {
		select {
		case idle <- struct{}{}:
		default:
		}
	}
	t.Cleanup(func() {
		// No test may leave the worker running.
		for {
			s.mu.Lock()
			running := s.running
			s.mu.Unlock()
			if !running {
				return
			}
			select {
			case <-idle:
			case <-time.After(5 * time.Second):
				t.Error("keyring worker still running at the end of the test")
				return
			}
		}
	})
	return s
}

// waitQueued waits until n calls wait in s's queue.
func waitQueued(t *testing.T, s *System, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		got := len(s.queue)
		s.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue length = %d, want %d", got, n)
		}
		runtime.Gosched()
	}
}

// hold makes b block calls whose op (or secret, for set) is key until the
// returned release is called; entered receives once such a call has started.
func hold(b *fakeBackend, key string) (entered <-chan struct{}, release func()) {
	in := make(chan struct{}, 1)
	gate := make(chan struct{})
	b.before = func(op, secret string) {
		if op == key || (op == "set" && secret == key) {
			select {
			case in <- struct{}{}:
			default:
			}
			<-gate
		}
	}
	var once sync.Once
	return in, func() { once.Do(func() { close(gate) }) }
}

func TestSystemRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := idleSystem(t, newFakeBackend())

	if _, err := s.Get(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: err = %v, want ErrNotFound", err)
	}
	if err := s.Set(ctx, "svc", "u", "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ctx, "svc", "u", "two"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "svc", "u"); err != nil || got != "two" {
		t.Fatalf("Get = %q, %v; want %q, nil", got, err, "two")
	}
	if err := s.Delete(ctx, "svc", "u"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: err = %v, want ErrNotFound", err)
	}
}

func TestSystemTimeoutIsPrompt(t *testing.T) {
	b := newFakeBackend()
	entered, release := hold(b, "get")
	defer release()
	s := idleSystem(t, b, WithTimeout(20*time.Millisecond))

	// A call is stuck in the keyring. It is queued without a deadline, so that the
	// worker starts it however late it runs on a busy machine.
	stuck := queue(s, func(b backend) (string, error) { return b.Get("svc", "u") })
	<-entered

	start := time.Now()
	_, err := s.Get(context.Background(), "svc", "u")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get: err = %v, want ErrTimeout and context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Get took %v with a 20ms timeout", d)
	}
	if want := "keyring: get svc/u: the keyring did not answer in time"; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}

	// While the call is stuck, the next queues behind it and times out.
	if err := s.Set(context.Background(), "svc", "u", "x"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Set behind a stuck call: err = %v, want ErrTimeout", err)
	}

	release()
	if r := <-stuck; !errors.Is(r.err, gokeyring.ErrNotFound) {
		t.Fatalf("the stuck call once released = %q, %v; want ErrNotFound", r.secret, r.err)
	}
	// A call queued after the timed-out ones runs after the worker is past them: they
	// never ran.
	<-queue(s, func(backend) (string, error) { return "", nil })
	if calls, want := b.recorded(), []string{"get"}; !slices.Equal(calls, want) {
		t.Errorf("calls = %q, want %q: a timed-out call ran", calls, want)
	}
}

// queue queues run on s's worker as a call with no deadline, which the worker runs
// however late it comes to it, and returns where its result comes.
func queue(s *System, run func(backend) (string, error)) <-chan result {
	r := &request{ctx: context.Background(), run: run, done: make(chan result, 1)}
	s.enqueue(r)
	return r.done
}

func TestSystemCallerDeadlineWins(t *testing.T) {
	b := newFakeBackend()
	_, release := hold(b, "get")
	defer release()
	s := idleSystem(t, b) // DefaultTimeout: the caller's deadline is shorter

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.Get(ctx, "svc", "u"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}

// A write that is still running when its caller gives up (deadline or
// cancellation: the same path) finishes late, but before any later call, so
// it cannot overwrite a newer write.
func TestSystemLateWriteCannotOverwriteNewer(t *testing.T) {
	b := newFakeBackend()
	entered, release := hold(b, "old")
	defer release()
	s := idleSystem(t, b)

	ctx, cancel := context.WithCancel(context.Background())
	oldErr := make(chan error, 1)
	go func() { oldErr <- s.Set(ctx, "svc", "u", "old") }()
	<-entered // the old write is running and stuck
	cancel()
	if err := <-oldErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("old Set: err = %v, want context.Canceled", err)
	}

	newErr := make(chan error, 1)
	go func() { newErr <- s.Set(context.Background(), "svc", "u", "new") }()
	waitQueued(t, s, 1)
	release() // the old write lands now, late
	if err := <-newErr; err != nil {
		t.Fatalf("new Set: %v", err)
	}

	got, err := s.Get(context.Background(), "svc", "u")
	if err != nil || got != "new" {
		t.Fatalf("Get = %q, %v; want %q", got, err, "new")
	}
	if calls, want := b.recorded(), []string{"set old", "set new", "get"}; !slices.Equal(calls, want) {
		t.Errorf("calls = %q, want %q", calls, want)
	}
}

func TestSystemDropsQueuedCallWhoseCallerGaveUp(t *testing.T) {
	b := newFakeBackend()
	entered, release := hold(b, "get")
	defer release()
	s := idleSystem(t, b)

	firstErr := make(chan error, 1)
	go func() {
		_, err := s.Get(context.Background(), "svc", "u")
		firstErr <- err
	}()
	<-entered

	ctx, cancel := context.WithCancel(context.Background())
	queuedErr := make(chan error, 1)
	go func() { queuedErr <- s.Set(ctx, "svc", "u", "dropped") }()
	waitQueued(t, s, 1)
	cancel()
	if err := <-queuedErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("queued Set: err = %v, want context.Canceled", err)
	}

	release()
	if err := <-firstErr; !errors.Is(err, ErrNotFound) {
		t.Fatalf("first Get: err = %v, want ErrNotFound", err)
	}
	if err := s.Delete(context.Background(), "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete: err = %v, want ErrNotFound (the dropped Set must not run)", err)
	}
	if calls, want := b.recorded(), []string{"get", "delete"}; !slices.Equal(calls, want) {
		t.Errorf("calls = %q, want %q", calls, want)
	}
}

func TestSystemDoneContextRunsNothing(t *testing.T) {
	b := newFakeBackend()
	s := idleSystem(t, b)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Get(ctx, "svc", "u"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: err = %v, want context.Canceled", err)
	}
	past, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	if err := s.Set(past, "svc", "u", "x"); !errors.Is(err, ErrTimeout) {
		t.Errorf("Set: err = %v, want ErrTimeout", err)
	}
	if calls := b.recorded(); len(calls) != 0 {
		t.Errorf("calls = %q, want none", calls)
	}
}

func TestSystemConcurrentUse(t *testing.T) {
	s := idleSystem(t, newFakeBackend())
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			user := string(rune('a' + i))
			if err := s.Set(ctx, "svc", user, user+"-secret"); err != nil {
				t.Error(err)
				return
			}
			if got, err := s.Get(ctx, "svc", user); err != nil || got != user+"-secret" {
				t.Errorf("Get(%q) = %q, %v", user, got, err)
			}
		})
	}
	wg.Wait()
}

func TestWithTimeoutIgnoresNonPositive(t *testing.T) {
	s := newSystem(newFakeBackend(), WithTimeout(0), WithTimeout(-time.Second))
	if s.timeout != DefaultTimeout {
		t.Errorf("timeout = %v, want %v", s.timeout, DefaultTimeout)
	}
	if s := NewSystem(WithTimeout(time.Minute)); s.timeout != time.Minute {
		t.Errorf("timeout = %v, want 1m", s.timeout)
	}
}

package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// catchAfter is how long a short command (not the window, not login) runs before an
// interrupt (Ctrl+C) or SIGTERM stops it through its context rather than ending the
// process at once.
// Catching signals starts a thread and two goroutines (os/signal), about 0.3 ms of a
// 5 ms `token` (docs/benchmarks.md); a command that is done sooner never pays it, and
// nobody presses Ctrl+C within it. A command that waits (for the keyring to be unlocked,
// for the lock, for a sign-in) is catching signals by then.
const catchAfter = 100 * time.Millisecond

// interruptible returns a context that an interrupt or SIGTERM cancels from after on
// (0: at once), and the function that stops catching them. Before after, the signals
// keep their default action: they end the process.
func interruptible(parent context.Context, after time.Duration) (context.Context, func()) {
	if after <= 0 {
		return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	}
	ctx, cancel := context.WithCancel(parent)
	var mu sync.Mutex // guards stopped and stopCatching
	stopped, stopCatching := false, func() {}
	t := time.AfterFunc(after, func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		caught, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		context.AfterFunc(caught, cancel) // a signal cancels ctx
		stopCatching = stop
	})
	return ctx, func() {
		t.Stop()
		mu.Lock()
		stopped = true
		stopCatching()
		mu.Unlock()
		cancel()
	}
}

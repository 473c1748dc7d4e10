//go:build unix

package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// A command that has run for the delay is cancelled by SIGTERM instead of ended by it.
func TestInterruptibleCatchesAfterTheDelay(t *testing.T) {
	// The test catches SIGTERM too, so that one sent before interruptible catches it
	// does not end the test binary; interruptible's own catching is what cancels ctx.
	own := make(chan os.Signal, 1)
	signal.Notify(own, syscall.SIGTERM)
	defer signal.Stop(own)
	ctx, stop := interruptible(context.Background(), time.Millisecond)
	defer stop()
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-deadline:
			t.Fatal("SIGTERM did not cancel the context")
		case <-tick.C:
			if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Stopping before the delay cancels the context and never starts catching.
func TestInterruptibleStopBeforeTheDelay(t *testing.T) {
	ctx, stop := interruptible(context.Background(), time.Hour)
	if ctx.Err() != nil {
		t.Fatal("cancelled before stop")
	}
	stop()
	if ctx.Err() == nil {
		t.Fatal("not cancelled by stop")
	}
	stop() // twice is harmless
}

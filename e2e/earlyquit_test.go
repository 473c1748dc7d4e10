//go:build integration

package e2e

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// TestWindowClosesWhenToldWhileStarting sends SIGTERM to the window as soon as it logs its
// first status, while it is still starting (often before GTK's main loop runs, when a
// quit used to be lost and the window stayed open for good). It must close, each time.
func TestWindowClosesWhenToldWhileStarting(t *testing.T) {
	preconditions(t)
	for i := range 5 {
		a := startProgram(t, windowBinary, fmt.Sprintf("early-sigterm-%d", i+1), unconfiguredEnv(t))
		a.waitLog("msg=status")
		a.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-a.done:
		case <-time.After(30 * time.Second):
			t.Fatalf("start %d: the window was told to close (SIGTERM) while starting and is still open 30 s later; log:\n%s", i+1, a.log.all())
		}
	}
}

//go:build unix

package brand

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fifo makes a named pipe at dir/name: opening it to read waits for a writer, for ever
// when none comes, unless the open does not wait (O_NONBLOCK).
func fifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// within runs f and fails the test when it has not returned after a minute (it should
// return at once); the pipe at path then gets a writer, so that f's open ends.
func within(t *testing.T, path string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatalf("still waiting on the pipe %s after a minute", path)
	}
}

// A named pipe (or a device) as the logo is refused at once: it is never opened in a way
// that waits for a writer.
func TestAPipeAsTheLogoIsRefusedAtOnce(t *testing.T) {
	path := fifo(t, t.TempDir(), "logo.svg")
	var checkErr, loadErr error
	within(t, path, func() { checkErr = CheckLogo(path) })
	within(t, path, func() { _, loadErr = LoadLogo(path) })
	for fn, err := range map[string]error{"CheckLogo": checkErr, "LoadLogo": loadErr} {
		if err == nil || !strings.Contains(err.Error(), path+" is not a regular file") {
			t.Errorf("%s(a pipe) = %v, want %q", fn, err, path+" is not a regular file")
		}
	}
}

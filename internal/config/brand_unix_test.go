//go:build unix

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe as the logo: the settings refuse it at once, naming the setting, and never
// open it (opening a pipe to read waits for a writer, for ever when none comes).
func TestAPipeAsTheLogoIsRefusedAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logo.svg")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	done := make(chan struct{})
	go func() { defer close(done); _, err = load(t, nil, map[string]string{"ATOMGIT_LOGO": path}, "") }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close() // a writer came: the open ends
		}
		<-done
		t.Fatal("the settings still waited on the pipe after a minute")
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Setting != "ATOMGIT_LOGO" || !strings.Contains(ce.Msg, path+" is not a regular file") {
		t.Errorf("err = %v, want ATOMGIT_LOGO: %s is not a regular file", err, path)
	}
}

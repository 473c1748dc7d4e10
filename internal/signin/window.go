package signin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// HasDisplay reports whether a window can be shown on the operating system goos with the
// environment getenv: always on Windows and macOS, which have no session without a
// desktop; elsewhere (Linux, the BSDs) only when an X11 or Wayland display is named.
func HasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// WindowProgram is the file name of the window program, which is installed in the same
// folder as the commands' program, atomgit-login.
func WindowProgram() string {
	if runtime.GOOS == "windows" {
		return "atomgit-login-window.exe"
	}
	return "atomgit-login-window"
}

// commandsProgram is the commands' program, as PATH names it.
const commandsProgram = "atomgit-login"

// FindWindowProgram is the window program for another program than atomgit-login to
// start: path when it is given (it must be there), else the one installed beside the
// atomgit-login that PATH finds (in its folder, or in the folder of the file it links
// to). ErrNoWindowProgram when there is none.
func FindWindowProgram(path string) (string, error) {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", err
		}
		if !isProgram(abs) {
			return "", fmt.Errorf("%w: %s is not a program", ErrNoWindowProgram, abs)
		}
		return abs, nil
	}
	commands, err := exec.LookPath(commandsProgram)
	if err != nil {
		return "", fmt.Errorf("%w: %s is not on PATH", ErrNoWindowProgram, commandsProgram)
	}
	commands, err = filepath.Abs(commands)
	if err != nil {
		return "", err
	}
	places := []string{filepath.Dir(commands)}
	if real, err := filepath.EvalSymlinks(commands); err == nil && filepath.Dir(real) != places[0] {
		places = append(places, filepath.Dir(real))
	}
	for _, dir := range places {
		if p := filepath.Join(dir, WindowProgram()); isProgram(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w beside %s", ErrNoWindowProgram, commands)
}

// ErrNoWindowProgram is why FindWindowProgram finds no window program.
var ErrNoWindowProgram = errors.New("signin: the window program atomgit-login-window is not installed")

// isProgram reports whether path is a regular file that can be run.
func isProgram(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0
}

// WindowEnviron is the environment of a window program started with environ: the client
// secret, when there is one, goes in it as ATOMGIT_CLIENT_SECRET (only this user can read
// a process's environment, where every user can read its command line), in place of
// ATOMGIT_CLIENT_SECRET and ATOMGIT_CLIENT_SECRET_FILE. As a variable it beats the config
// file, and the window resolves it.
func WindowEnviron(secret string, environ []string) []string {
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if name != "ATOMGIT_CLIENT_SECRET" && name != "ATOMGIT_CLIENT_SECRET_FILE" {
			out = append(out, kv)
		}
	}
	if secret != "" {
		out = append(out, "ATOMGIT_CLIENT_SECRET="+secret)
	}
	return out
}

// WindowFailed is a window program that exited with Code: Said is the last thing it told
// the person (its "atomgit-login: …" line), when it said something.
type WindowFailed struct {
	Code int
	Said string
}

// Error is what the window said, or its exit code.
func (e *WindowFailed) Error() string {
	if e.Said != "" {
		return e.Said
	}
	return fmt.Sprintf("signin: the window exited with code %d", e.Code)
}

// RunWindowProgram runs the window program at path with args, with secret in its
// environment (WindowEnviron), and waits for it to end: nil when it exits 0, else a
// *WindowFailed. When ctx ends, the window is asked to close (as a window manager does),
// and stopped if it has not closed 10 s later.
func RunWindowProgram(ctx context.Context, path string, args []string, secret string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = WindowEnviron(secret, os.Environ())
	said := &lastLine{}
	cmd.Stderr = said
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // Windows: not sent; WaitDelay kills it
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	switch ee, exited := errors.AsType[*exec.ExitError](err); {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err() // it was asked to close
	case exited:
		return &WindowFailed{Code: ee.ExitCode(), Said: said.text()}
	}
	return fmt.Errorf("signin: start the window %s: %w", path, err)
}

// lastLine keeps the last line a window program said to the person: the last one that
// starts with the program's name, as the commands' messages do (its log lines do not).
type lastLine struct {
	mu   sync.Mutex // guards the fields below
	part []byte     // the line being written
	last string
}

const linePrefix = "atomgit-login: "

func (l *lastLine) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.part = append(l.part, p...)
	for {
		i := bytes.IndexByte(l.part, '\n')
		if i < 0 {
			break
		}
		if line := string(l.part[:i]); strings.HasPrefix(line, linePrefix) {
			l.last = strings.TrimPrefix(line, linePrefix)
		}
		l.part = l.part[i+1:]
	}
	if len(l.part) > 64<<10 { // a line that never ends says nothing to keep
		l.part = l.part[:0]
	}
	return len(p), nil
}

func (l *lastLine) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

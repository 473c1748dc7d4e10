//go:build integration

// Package e2e drives the built app (build/bin/atomgit-login) in a real WebKit window
// under Xvfb, with a real gnome-keyring, against a fake AtomGit on loopback. Run it
// through scripts/test (or scripts/with-keyring xvfb-run -a go test -tags integration).
package e2e

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
)

const title = "AtomGit Login"

var (
	// binary is the program under test: the build's (build/bin), or the one in the folder
	// ATOMGIT_E2E_BIN names (/usr/bin for the installed package: scripts/test-package).
	binary = filepath.Join(cmp.Or(os.Getenv("ATOMGIT_E2E_BIN"), "../build/bin"), "atomgit-login")
	// outputDir keeps screenshots and logs: test-output, or ATOMGIT_E2E_OUTPUT.
	outputDir = cmp.Or(os.Getenv("ATOMGIT_E2E_OUTPUT"), "../test-output")
)

// preconditions fails (never skips) when the test is run outside its harness.
func preconditions(t *testing.T) {
	t.Helper()
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" || os.Getenv("DISPLAY") == "" {
		t.Fatal("run through scripts/test: these tests need scripts/with-keyring and xvfb-run")
	}
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("build the app first (scripts/build): %v", err)
	}
	if err := os.MkdirAll(outputDir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// unconfiguredEnv is an environment with no OAuth app configured (the window offers the
// demo), and its own config and cache folders.
func unconfiguredEnv(t *testing.T) []string {
	t.Helper()
	// The default callback port may be held by an app someone runs on this machine.
	return append(personWithNothingSet(t), fmt.Sprintf("ATOMGIT_REDIRECT_URI=http://127.0.0.1:%d/callback", freePort(t)))
}

// personWithNothingSet is the environment of a person who configured nothing: no
// ATOMGIT_* variable, config and cache folders of their own that are empty, and no
// system-wide settings file; English.
func personWithNothingSet(t *testing.T) []string {
	t.Helper()
	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ATOMGIT_") || strings.HasPrefix(kv, "ATOMGIT_TEST_KEYRING=") {
			env = append(env, kv)
		}
	}
	return append(env, "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=",
		"XDG_CONFIG_HOME="+home+"/config", "XDG_CACHE_HOME="+home+"/cache", "XDG_CONFIG_DIRS="+home+"/system")
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// logLines collects a process's stderr lines and lets a test wait for one.
type logLines struct {
	mu    sync.Mutex
	lines []string
	added chan struct{} // closed and replaced on every new line
	file  io.Writer
}

func (l *logLines) run(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l.mu.Lock()
		l.lines = append(l.lines, sc.Text())
		fmt.Fprintln(l.file, sc.Text())
		close(l.added)
		l.added = make(chan struct{})
		l.mu.Unlock()
	}
}

func (l *logLines) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// app is one run of the built app.
type app struct {
	t    *testing.T
	cmd  *exec.Cmd
	log  *logLines
	seen int // log lines already consumed by waitLog
	done chan struct{}
}

// startApp runs the app with env and args; its stderr goes to test-output/NAME.log.
func startApp(t *testing.T, name string, env []string, args ...string) *app {
	t.Helper()
	return startProgram(t, binary, name, env, args...)
}

// startProgram runs bin (binary, or the window build as the desktop entry starts it) as
// startApp does.
func startProgram(t *testing.T, bin, name string, env []string, args ...string) *app {
	t.Helper()
	f, err := os.Create(filepath.Join(outputDir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, cmd: cmd, log: &logLines{added: make(chan struct{}), file: f}, done: make(chan struct{})}
	go func() {
		a.log.run(stderr)
		cmd.Wait()
		f.Close()
		close(a.done)
	}()
	t.Cleanup(a.stop)
	return a
}

// stop ends the app as a window manager would (SIGTERM) and waits for it.
func (a *app) stop() {
	select {
	case <-a.done:
		return
	default:
	}
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(15 * time.Second):
		a.cmd.Process.Kill()
		<-a.done
	}
}

// waitLog waits for a new log line containing every part, and returns it.
func (a *app) waitLog(parts ...string) string {
	a.t.Helper()
	return a.waitLogBy(time.Now().Add(60*time.Second), parts...)
}

// waitLogBy is waitLog with a deadline: for the few checks where the time is the
// requirement, and not only a guard against waiting forever.
func (a *app) waitLogBy(deadline time.Time, parts ...string) string {
	a.t.Helper()
	within := time.Until(deadline).Round(time.Millisecond)
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		a.log.mu.Lock()
		lines, added := a.log.lines, a.log.added
		a.log.mu.Unlock()
		for ; a.seen < len(lines); a.seen++ {
			if containsAll(lines[a.seen], parts) {
				a.seen++
				return lines[a.seen-1]
			}
		}
		select {
		case <-added:
		case <-a.done:
			a.t.Fatalf("the app exited while waiting for %q; log:\n%s", parts, a.log.all())
		case <-timer.C:
			a.t.Fatalf("no log line with %q within %v; log:\n%s", parts, within, a.log.all())
		}
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// waitShown waits until the frontend has rendered state.
func (a *app) waitShown(state string) { a.t.Helper(); a.waitLog("msg=shown", "state="+state+" ") }

// xdo runs xdotool and returns its output.
func xdo(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// focusWindow gives the app's window the keyboard.
func focusWindow(t *testing.T) { t.Helper(); focusTitled(t, title) }

// focusTitled gives the keyboard to the window titled name.
func focusTitled(t *testing.T, name string) {
	t.Helper()
	xdo(t, "windowfocus", "--sync", windowTitled(t, name))
}

// windowTitled is the X id of the visible window titled name.
func windowTitled(t *testing.T, name string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+name+"$").Output()
		if ids := strings.Fields(string(out)); err == nil && len(ids) > 0 {
			return ids[0]
		}
		if time.Now().After(deadline) {
			t.Fatal("no visible window titled " + name)
		}
		time.Sleep(50 * time.Millisecond) // polling for the window to be mapped
	}
}

// keys presses keys (xdotool names) in the focused window.
func keys(t *testing.T, names ...string) {
	t.Helper()
	xdo(t, append([]string{"key", "--delay", "30"}, names...)...)
}

// typeText types text in the focused window.
func typeText(t *testing.T, s string) { t.Helper(); xdo(t, "type", "--delay", "20", s) }

// screenshot keeps the screen as test-output/NAME.png.
func screenshot(t *testing.T, name string) {
	t.Helper()
	path := filepath.Join(outputDir, name+".png")
	if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
}

// noBrowser is a folder with an xdg-open that opens nothing, to put first on PATH: the
// program's "system browser" is then the test's to play (fakeatomgit.Browser), or none.
func noBrowser(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/xdg-open", []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs the app's command and returns its stdout, stderr and exit code.
func run(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	return runBinary(t, binary, env, args...)
}

// runBinary runs bin with args and env, and returns its stdout, stderr and exit code.
func runBinary(t *testing.T, bin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// status runs `atomgit-login status --json` with env.
func status(t *testing.T, env []string, args ...string) (cli.StatusJSON, int) {
	t.Helper()
	stdout, stderr, code := run(t, env, append([]string{"status", "--json"}, args...)...)
	var s cli.StatusJSON
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("status --json: %v: %q (stderr %q)", err, stdout, stderr)
	}
	return s, code
}

// secret reads a keyring entry from outside the app, with secret-tool.
func secret(t *testing.T, service, user string) (string, bool) {
	t.Helper()
	out, err := exec.Command("secret-tool", "lookup", "service", service, "username", user).Output()
	if err != nil || len(out) == 0 {
		return "", false
	}
	return string(out), true
}

func waitFake(t *testing.T, wait func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := wait(ctx); err != nil {
		t.Fatalf("waiting for the fake AtomGit: %v", err)
	}
}

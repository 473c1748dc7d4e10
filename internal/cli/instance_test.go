package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// windowOpen is a window open for the fixture's realm, in this process: raises are
// counted, and a sign-in runs signIn for its outcome.
type windowOpen struct {
	raised  atomic.Int32
	signIns atomic.Int32
	signIn  func() instance.Outcome
}

func (w *windowOpen) Raise(context.Context) { w.raised.Add(1) }

func (w *windowOpen) SignIn(context.Context) (bool, func(context.Context) (instance.Outcome, error)) {
	w.signIns.Add(1)
	return false, func(context.Context) (instance.Outcome, error) { return w.signIn(), nil }
}

// openWindowFor opens w for f's realm until the test ends.
func (f *fixture) openWindowFor(w instance.Window) {
	f.t.Helper()
	needUnixSockets(f.t)
	at, err := f.env().WindowPlace()
	if err != nil {
		f.t.Fatal(err)
	}
	inst, err := instance.Claim(at, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	go inst.Serve(w)
	f.t.Cleanup(func() { inst.Close() })
}

// needUnixSockets skips t where the system has no Unix-domain sockets: Windows before
// 10 (1803), and Wine 8, where scripts/wine/test runs these tests (socket: winapi error
// #10047). There the window opens without being reachable, as instance.Claim's error is
// only logged; everywhere else a failure to listen fails the test.
func needUnixSockets(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "windows" {
		return
	}
	ln, err := net.Listen("unix", filepath.Join(t.TempDir(), "probe.sock"))
	if err != nil {
		t.Skipf("no Unix-domain sockets here (%v): one window per realm cannot be tested", err)
	}
	ln.Close()
}

// runWith runs the program with a Desktop that records its calls and does desktop.
func (f *fixture) runWith(desktop func(env *wiring.Env) error, args ...string) (code int, stdout, stderr string, started int) {
	f.t.Helper()
	var out, errb strings.Builder
	code = Main(args, Deps{Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store,
		Desktop: func(_ context.Context, env *wiring.Env) error {
			started++
			return desktop(env)
		}})
	return code, out.String(), errb.String(), started
}

func noWindowExpected(t *testing.T) func(*wiring.Env) error {
	return func(*wiring.Env) error { t.Error("a new window was started while one is open"); return nil }
}

func TestLoginWithAWindowOpenSignsInThere(t *testing.T) {
	f := newFixture(t)
	w := &windowOpen{signIn: func() instance.Outcome {
		rec := f.signIn() // the person signs in in the open window
		return instance.Outcome{Account: &rec.Account}
	}}
	f.openWindowFor(w)
	code, out, errs, _ := f.runWith(noWindowExpected(t), "login")
	if code != ExitOK || !strings.Contains(out, "as Demo User (@demo)") || !strings.Contains(errs, "Signing in in the open window…") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if w.signIns.Load() != 1 {
		t.Errorf("%d sign-ins asked of the window, want 1", w.signIns.Load())
	}
}

func TestLoginWithAWindowOpenReportsItsFailure(t *testing.T) {
	for _, tc := range []struct {
		code, want string
	}{
		{"denied", "sign-in to 127.0.0.1"},
		{session.CodeCancelled, "atomgit-login: sign-in cancelled\n"},
	} {
		f := newFixture(t)
		f.openWindowFor(&windowOpen{signIn: func() instance.Outcome {
			return instance.Outcome{Problem: &session.Problem{Code: tc.code}}
		}})
		code, out, errs, _ := f.runWith(noWindowExpected(t), "login")
		if code != ExitNo || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.code, code, out, errs, tc.want)
		}
	}
}

// A window that crashed left its socket file (the kernel released its lock): login finds
// no window there, and opens one that signs in.
func TestLoginAfterAWindowCrashedStartsANewWindow(t *testing.T) {
	f := newFixture(t)
	at, err := f.env().WindowPlace()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(at.Socket), 0o700); err != nil {
		t.Fatal(err)
	}
	needUnixSockets(t)
	dead, err := net.Listen("unix", at.Socket)
	if err != nil {
		t.Fatal(err)
	}
	dead.(*net.UnixListener).SetUnlinkOnClose(false)
	dead.Close()
	code, out, errs, started := f.runWith(func(env *wiring.Env) error {
		if !env.AutoSignIn {
			t.Error("the new window was not asked to sign in")
		}
		f.signIn()
		return nil
	}, "login")
	if code != ExitOK || started != 1 || !strings.Contains(out, "(@demo)") {
		t.Errorf("exit %d, windows started %d, stdout %q, stderr %q", code, started, out, errs)
	}
}

func TestStartingTheWindowAgainRaisesTheOpenOne(t *testing.T) {
	f := newFixture(t)
	w := &windowOpen{}
	f.openWindowFor(w)
	code, _, errs, _ := f.runWith(noWindowExpected(t))
	if code != ExitOK || w.raised.Load() != 1 || !strings.Contains(errs, "already open") {
		t.Errorf("exit %d, raised %d, stderr %q", code, w.raised.Load(), errs)
	}
}

// A start that loses the race for the lock (its window finds the place taken: ErrHeld)
// raises the window that won.
func TestAStartThatLosesTheRaceRaisesTheWinner(t *testing.T) {
	f := newFixture(t)
	w := &windowOpen{}
	code, _, errs, started := f.runWith(func(*wiring.Env) error {
		f.openWindowFor(w) // another start took the place meanwhile
		return instance.ErrHeld
	})
	if code != ExitOK || started != 1 || w.raised.Load() != 1 {
		t.Errorf("exit %d, windows started %d, raised %d, stderr %q", code, started, w.raised.Load(), errs)
	}
}

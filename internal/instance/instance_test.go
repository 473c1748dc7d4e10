package instance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"github.com/gofrs/flock"
)

// fakeWindow counts raises and answers sign-ins with outcome, after release is closed.
type fakeWindow struct {
	raised  atomic.Int32
	signIns atomic.Int32
	joined  bool
	outcome Outcome
	release chan struct{} // closed: sign-ins end; nil: they end at once
	left    chan error    // receives the error of a wait that ended without an outcome
}

var _ Window = (*fakeWindow)(nil)

func (w *fakeWindow) Raise(context.Context) { w.raised.Add(1) }

func (w *fakeWindow) SignIn(context.Context) (bool, func(context.Context) (Outcome, error)) {
	w.signIns.Add(1)
	return w.joined, func(ctx context.Context) (Outcome, error) {
		if w.release == nil {
			return w.outcome, nil
		}
		select {
		case <-w.release:
			return w.outcome, nil
		case <-ctx.Done():
			if w.left != nil {
				w.left <- ctx.Err()
			}
			return Outcome{}, ctx.Err()
		}
	}
}

// place is a place in a fresh folder (short names: a socket's path is limited).
func place(t *testing.T) Place {
	dir := t.TempDir()
	return Place{Lock: filepath.Join(dir, "w.lock"), Socket: filepath.Join(dir, "w.sock")}
}

// open claims at and serves w until the test ends.
func open(t *testing.T, at Place, w Window) *Instance {
	t.Helper()
	return openWith(t, at, w, func(*Instance) {})
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestRaiseReachesTheOpenWindow(t *testing.T) {
	at := place(t)
	w := &fakeWindow{}
	open(t, at, w)
	if err := Raise(testContext(t), at); err != nil {
		t.Fatal(err)
	}
	if n := w.raised.Load(); n != 1 {
		t.Errorf("raised %d times, want 1", n)
	}
}

func TestSignInAnswersWithHowItEnded(t *testing.T) {
	for _, want := range []Outcome{
		{Account: &session.Account{Login: "demo", Name: "Demo User"}},
		{Problem: &session.Problem{Code: session.CodeCancelled}},
		{Problem: &session.Problem{Code: "denied", Detail: "no"}},
	} {
		at := place(t)
		w := &fakeWindow{joined: want.Account != nil, outcome: want}
		open(t, at, w)
		var accepted []bool
		got, err := SignIn(testContext(t), at, func(joined bool) { accepted = append(accepted, joined) })
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Account, got.Problem) != fmt.Sprint(want.Account, want.Problem) {
			t.Errorf("outcome %v %v, want %v %v", got.Account, got.Problem, want.Account, want.Problem)
		}
		if len(accepted) != 1 || accepted[0] != w.joined {
			t.Errorf("accepted calls %v, want [%v]", accepted, w.joined)
		}
	}
}

func TestOnlyOneWindowHoldsThePlace(t *testing.T) {
	at := place(t)
	i, err := Claim(at, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Claim(at, nil); !errors.Is(err, ErrHeld) {
		t.Fatalf("second claim: %v, want ErrHeld", err)
	}
	if err := i.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(at.Socket); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket outlived its window: %v", err)
	}
	again, err := Claim(at, nil)
	if err != nil {
		t.Fatalf("claim after close: %v", err)
	}
	again.Close()
}

func TestNoWindowOpen(t *testing.T) {
	at := place(t)
	if err := Raise(testContext(t), at); !errors.Is(err, ErrNoWindow) {
		t.Errorf("raise: %v, want ErrNoWindow", err)
	}
	at.Lock = filepath.Join(t.TempDir(), "never", "made", "w.lock") // no folder at all
	if _, err := SignIn(testContext(t), at, nil); !errors.Is(err, ErrNoWindow) {
		t.Errorf("sign in: %v, want ErrNoWindow", err)
	}
}

// holderEnv names the place a helper process (this test binary) claims and serves.
const holderEnv = "INSTANCE_TEST_HOLD"

// TestMain runs the helper process when asked: it claims the place, says "ready" and
// serves until it is killed, logging on stderr.
func TestMain(m *testing.M) {
	if dir := os.Getenv(holderEnv); dir != "" {
		log := slog.New(slog.NewTextHandler(os.Stderr, nil))
		i, err := Claim(Place{Lock: filepath.Join(dir, "w.lock"), Socket: filepath.Join(dir, "w.sock")}, log)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("ready")
		i.Serve(&fakeWindow{})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startHolder starts the helper process that holds at, and returns it once it serves,
// with its log (stderr: a few lines a request).
func startHolder(t *testing.T, at Place) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"="+filepath.Dir(at.Lock))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		t.Fatalf("helper: %q", line)
	}
	return cmd, logs
}

// A window killed outright leaves its socket file behind; the kernel releases its lock.
// The next caller finds no window, and the next window takes the place.
func TestAKilledWindowLeavesNoWindow(t *testing.T) {
	at := place(t)
	cmd, _ := startHolder(t, at)
	if err := Raise(testContext(t), at); err != nil {
		t.Fatalf("raise the helper's window: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(at.Socket); err != nil {
		t.Fatalf("expected the killed window's socket file to remain: %v", err)
	}
	if err := Raise(testContext(t), at); !errors.Is(err, ErrNoWindow) {
		t.Fatalf("raise after the kill: %v, want ErrNoWindow", err)
	}
	w := &fakeWindow{}
	open(t, at, w)
	if err := Raise(testContext(t), at); err != nil || w.raised.Load() != 1 {
		t.Fatalf("raise the new window: %v, raised %d", err, w.raised.Load())
	}
}

// Many starts at once: the lock lets exactly one open the window; every other one
// raises it.
func TestManyStartsAtOnceOpenOneWindow(t *testing.T) {
	at := place(t)
	w := &fakeWindow{}
	const starts = 8
	var (
		mu     sync.Mutex
		opened []*Instance
		wg     sync.WaitGroup
		errs   = make(chan error, starts)
	)
	ctx := testContext(t)
	for range starts {
		wg.Go(func() {
			errs <- AskOrStart(ctx,
				func(ctx context.Context) error { return Raise(ctx, at) },
				func(context.Context) error {
					i, err := Claim(at, nil)
					if err != nil {
						return err
					}
					mu.Lock()
					opened = append(opened, i)
					mu.Unlock()
					go i.Serve(w)
					return nil
				})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a start failed: %v", err)
		}
	}
	for _, i := range opened {
		defer i.Close()
	}
	if len(opened) != 1 || w.raised.Load() != starts-1 {
		t.Errorf("%d windows opened and %d raises; want 1 and %d", len(opened), w.raised.Load(), starts-1)
	}
}

// A window that holds the lock but is not listening yet (it listens right after taking
// the lock) is waited for, not taken for absent.
func TestACallerWaitsForAWindowThatIsStarting(t *testing.T) {
	at := place(t)
	l := flock.New(at.Lock)
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	defer l.Unlock()
	done := make(chan error, 1)
	go func() { done <- Raise(testContext(t), at) }()
	ln, err := net.Listen("unix", at.Socket)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || line != `{"v":1,"op":"raise"}`+"\n" {
		t.Fatalf("request %q, %v", line, err)
	}
	fmt.Fprintln(c, `{"done":true}`)
	if err := <-done; err != nil {
		t.Errorf("raise: %v", err)
	}
}

func TestACallerGivesUpOnAWindowThatNeverAnswers(t *testing.T) {
	at := place(t)
	l := flock.New(at.Lock)
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	defer l.Unlock()
	if _, err := dial(testContext(t), at, 50*time.Millisecond); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("dial: %v, want ErrNoAnswer", err)
	}
}

func TestARequestNotUnderstoodIsRefusedAndServingGoesOn(t *testing.T) {
	at := place(t)
	w := &fakeWindow{}
	open(t, at, w)
	for _, bad := range []string{"hello\n", `{"v":2,"op":"raise"}` + "\n", `{"v":1,"op":"format-disk"}` + "\n"} {
		c, err := net.Dial("unix", at.Socket)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(c, bad)
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if line == "" || !containsError(line) {
			t.Errorf("%q answered %q, want an error", bad, line)
		}
	}
	if err := Raise(testContext(t), at); err != nil || w.raised.Load() != 1 {
		t.Errorf("raise after bad requests: %v, raised %d", err, w.raised.Load())
	}
}

func containsError(line string) bool { return len(line) > 10 && line[:10] == `{"error":"` }

// A caller that stops waiting (Ctrl-C) ends the window's wait for it; the window's
// sign-in itself goes on.
func TestACallerThatLeavesEndsItsWait(t *testing.T) {
	at := place(t)
	w := &fakeWindow{release: make(chan struct{}), left: make(chan error, 1)}
	open(t, at, w)
	ctx, cancel := context.WithCancel(testContext(t))
	_, err := SignIn(ctx, at, func(bool) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("sign in: %v, want context.Canceled", err)
	}
	select {
	case <-w.left:
	case <-testContext(t).Done():
		t.Fatal("the window still waits for a caller that left")
	}
}

// A window that closes while a caller waits hangs up: the caller learns it at once.
func TestAWindowThatClosesHangsUp(t *testing.T) {
	at := place(t)
	w := &fakeWindow{release: make(chan struct{})}
	i := open(t, at, w)
	_, err := SignIn(testContext(t), at, func(bool) { go i.Close() })
	if !errors.Is(err, ErrClosed) {
		t.Errorf("sign in: %v, want ErrClosed", err)
	}
}

func TestPlaceIsInTheCacheFolderBesideTheRealmsLock(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)                              // macOS and Windows ignore XDG_CACHE_HOME
	name := "atomgit-login-" + string(make([]byte, 200)) // a long realm keeps a short socket
	at, err := PlaceFor(name)
	if err != nil {
		t.Fatal(err)
	}
	lock, _ := session.LockPath(name)
	if filepath.Dir(at.Lock) != filepath.Dir(lock) || filepath.Dir(at.Socket) != filepath.Dir(lock) {
		t.Errorf("place %+v is not beside the realm's lock %s", at, lock)
	}
	if base := filepath.Base(at.Socket); len(base) > 32 {
		t.Errorf("socket name %q is long", base)
	}
	other, _ := PlaceFor("atomgit-login-demo")
	if other.Socket == at.Socket || other.Lock == at.Lock {
		t.Error("two realms share a place")
	}
}

// A window that takes the connection but never answers (hung) is given up on.
func TestACallerGivesUpOnAWindowThatHangs(t *testing.T) {
	at := place(t)
	l := flock.New(at.Lock)
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	defer l.Unlock()
	ln, err := net.Listen("unix", at.Socket)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // the kernel accepts connections into the backlog; nobody answers
	if err := raise(testContext(t), at, 50*time.Millisecond); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("raise: %v, want ErrNoAnswer", err)
	}
	if _, err := signIn(testContext(t), at, nil, 50*time.Millisecond); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("sign in: %v, want ErrNoAnswer", err)
	}
}

package window

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// patience is how long a test waits for something that should happen at once; running
// out only fails the test.
const patience = 20 * time.Second

// harness is the window's controller in a test: a real session Manager over a memory
// keyring, a fake AtomGit, and a fake window. It sets XDG_CACHE_HOME (the refresh lock
// and the demo's state live there), so tests using it cannot run in parallel.
type harness struct {
	t   *testing.T
	c   *Controller
	win *fakeWindow
	env *wiring.Env
	// afterOpen, when set, runs inside the app's open, after the session has opened and
	// before the app has it; an error fails the open.
	afterOpen func(env *wiring.Env) error

	mu    sync.Mutex // guards opens
	opens []opened
}

// opened is one session the app opened.
type opened struct {
	ctx  context.Context
	demo bool
	o    wiring.SessionOptions
}

// newHarness builds the controller; configured sets up an OAuth app on a fake AtomGit,
// otherwise only the demo can sign in.
func newHarness(t *testing.T, configured bool) *harness {
	t.Helper()
	if configured {
		return newHarnessWith(t, fakeatomgit.Options{})
	}
	return newHarnessOf(t, nil)
}

// newHarnessWith is newHarness with an OAuth app on a fake AtomGit made with opts.
func newHarnessWith(t *testing.T, opts fakeatomgit.Options) *harness {
	t.Helper()
	return newHarnessOf(t, &opts)
}

// newHarnessOf is the harness; with opts, an OAuth app on a fake AtomGit made with them.
func newHarnessOf(t *testing.T, opts *fakeatomgit.Options) *harness {
	t.Helper()
	configured := opts != nil
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Any free port for the callback: the default one may be in use on this machine.
	vars := map[string]string{"ATOMGIT_CONFIG": file, "LANG": "en_US.UTF-8", "ATOMGIT_REDIRECT_URI": "http://127.0.0.1:0/callback"}
	if configured {
		ts := httptest.NewServer(fakeatomgit.New(*opts))
		t.Cleanup(ts.Close)
		vars["ATOMGIT_CLIENT_ID"] = fakeatomgit.DefaultClientID
		vars["ATOMGIT_CLIENT_SECRET"] = fakeatomgit.DefaultClientSecret
		vars["ATOMGIT_AUTHORIZE_URL"] = ts.URL + "/login/oauth/authorize"
		vars["ATOMGIT_TOKEN_URL"] = ts.URL + "/login/oauth/access_token"
		vars["ATOMGIT_USER_URL"] = ts.URL + "/user/info"
	}
	getenv := func(k string) string { return vars[k] }
	cfg, err := (&config.Loader{Getenv: getenv}).Load()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, win: newFakeWindow()}
	h.env = &wiring.Env{Config: cfg, Store: &keyring.Memory{}, Getenv: getenv}
	h.c = New(h.env, Options{Started: time.Now()})
	h.c.open = h.open
	t.Cleanup(h.c.Shutdown) // nothing of the session touches the test's folders after it
	return h
}

func (h *harness) open(ctx context.Context, env *wiring.Env, o wiring.SessionOptions) (*wiring.Session, error) {
	if !o.Follow || o.ReturnURL != returnURL || o.OnStatus == nil || o.Catcher != h.win {
		h.t.Errorf("the window opens a session with %+v; want Follow, its ReturnURL, OnStatus and the window as Catcher", o)
	}
	h.mu.Lock()
	h.opens = append(h.opens, opened{ctx: ctx, demo: env.Demo, o: o})
	h.mu.Unlock()
	m, err := openEnv(ctx, env, o)
	if err == nil && h.afterOpen != nil {
		err = h.afterOpen(env)
	}
	return m, err
}

// opened is a copy of the sessions opened so far.
func (h *harness) opened() []opened {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]opened(nil), h.opens...)
}

// start runs the window's startup; the sessions end with the test.
func (h *harness) start() {
	h.t.Helper()
	if err := h.c.Startup(h.t.Context(), h.win); err != nil {
		h.t.Fatal(err)
	}
}

// approve plays the person who allows the sign-in on AtomGit's (or the demo's) page.
func (h *harness) approve(url string) {
	h.t.Helper()
	if url == "" {
		h.t.Fatal("no authorize URL to open")
	}
	if err := (&fakeatomgit.Browser{}).Approve(h.t.Context(), url); err != nil {
		h.t.Fatal(err)
	}
}

func isDemo(s session.Status) bool { return s.Demo }

func TestTryDemoEmitsWhileTheDemoOpens(t *testing.T) {
	h := newHarness(t, false)
	h.afterOpen = func(env *wiring.Env) error {
		// TryDemo is inside open here: the demo's first status must reach the window now,
		// not once TryDemo is done.
		if env.Demo && !h.win.waitFor(patience, func() bool { return h.win.hasEvent(isDemo) }) {
			return errors.New("the demo's first status did not reach the window while it opened")
		}
		return nil
	}
	h.start()
	start, err := h.c.TryDemo()
	if err != nil {
		t.Fatal(err)
	}
	if start.URL == "" {
		t.Error("TryDemo gave no authorize URL")
	}
	if st := h.c.Status(); !st.Demo || st.State != session.Opening {
		t.Errorf("after TryDemo the status is %+v; want the demo, opening", st)
	}
}

func TestConcurrentCalls(t *testing.T) {
	// The race detector sees only the interleavings that happen: a few rounds see more.
	for round := range 5 {
		t.Run(fmt.Sprint(round), concurrentCalls)
	}
}

func concurrentCalls(t *testing.T) {
	h := newHarness(t, true)
	tryDemo := func() { _, _ = h.c.TryDemo() }
	// The other calls repeat until every TryDemo has returned, and once more after, so
	// that they run before, while and after the demo replaces the first session.
	others := []func(){
		func() { _, _ = h.c.SignIn() },
		func() { _ = h.c.Info() },
		func() { _ = h.c.Status() },
		func() { _, _ = h.c.Accounts() },
		func() { _, _ = h.c.AddAccount() },
		func() { h.c.CancelSignIn() },
		func() { _ = h.c.RefreshNow() },
		func() { h.c.DomReady() },
	}
	var launched, demos, looping sync.WaitGroup
	launched.Add(3 + len(others))
	// The first demo waits inside open until every call has begun, so that they overlap it.
	h.afterOpen = func(env *wiring.Env) error {
		if env.Demo {
			launched.Wait()
		}
		return nil
	}
	h.start()
	demoDone := make(chan struct{})
	for range 3 {
		demos.Go(func() {
			launched.Done()
			tryDemo()
		})
	}
	for _, call := range others {
		looping.Go(func() {
			launched.Done()
			for {
				select {
				case <-demoDone:
					call()
					return
				default:
					call()
				}
			}
		})
	}
	demos.Wait()
	close(demoDone)
	looping.Wait()

	n := 0
	for _, o := range h.opened() {
		if o.demo {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d demo sessions opened; want 1", n)
	}
	if !h.c.Info().Demo || !h.c.Status().Demo {
		t.Errorf("after TryDemo: info %+v, status %+v; want the demo", h.c.Info(), h.c.Status())
	}
}

// A `login` whose tokens cannot be kept (too large for a keyring entry) leaves its window
// open on the reason, rather than closing it on a sign-in that ends with it.
func TestALoginWhoseTokensCannotBeKeptLeavesTheWindowOpen(t *testing.T) {
	h := newHarnessWith(t, fakeatomgit.Options{AccessTokenSize: 4000})
	h.env.Config.Browser = true
	h.env.AutoSignIn = true
	h.start()
	h.c.DomReady()
	h.win.wait(t, "the browser to open", func() bool { return h.win.Called("OpenBrowser") == 1 })
	h.approve(h.win.LastURL())
	h.win.wait(t, "the window to come to the front", func() bool { return h.win.Called("Raise") == 1 })
	st := h.c.Status()
	if p := st.StorageProblem; st.State != session.SignedIn || st.Storage != session.InMemory || p == nil ||
		p.Code != session.CodeKeyringTooBig || p.Size <= keyring.MaxSize || p.Limit != keyring.MaxSize-1 {
		t.Fatalf("status %+v (storage problem %+v); want signed in, in memory, keyring_too_big with the sizes", st, st.StorageProblem)
	}
	if n := h.win.Called("Quit"); n != 0 {
		t.Errorf("the window quit (%d) on a sign-in it could not keep", n)
	}
}

func TestBrowserSignInRaisesTheWindow(t *testing.T) {
	for _, auto := range []bool{false, true} {
		name := map[bool]string{false: "SignIn", true: "login command"}[auto]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true)
			h.env.Config.Browser = true
			h.env.AutoSignIn = auto
			h.start()
			if auto {
				h.c.DomReady()
			} else if start, err := h.c.SignIn(); err != nil || start.URL != "" {
				t.Fatalf("SignIn = %+v, %v; want the browser to open instead", start, err)
			}
			h.win.wait(t, "the browser to open", func() bool { return h.win.Called("OpenBrowser") == 1 })
			h.approve(h.win.LastURL())
			h.win.wait(t, "the window to come to the front", func() bool {
				return h.win.Called("Raise") == 1 && (!auto || h.win.Called("Quit") == 1)
			})

			finishing := -1
			for i, s := range h.win.Events() {
				if s.State == session.Finishing {
					finishing = i
				}
				if s.State == session.SignedIn && finishing < 0 {
					t.Errorf("signed in before finishing: %v", h.win.Events())
				}
			}
			if finishing < 0 {
				t.Errorf("no finishing status: %v", h.win.Events())
			}
		})
	}
}

func TestReplacedSessionIsStoppedAndSilenced(t *testing.T) {
	h := newHarness(t, false)
	h.start()
	if _, err := h.c.TryDemo(); err != nil {
		t.Fatal(err)
	}
	opens := h.opened()
	if len(opens) != 2 {
		t.Fatalf("%d sessions opened; want the first and the demo", len(opens))
	}
	first, demo := opens[0], opens[1]
	if first.ctx.Err() == nil {
		t.Error("the replaced session still runs")
	}
	if demo.ctx.Err() != nil {
		t.Error("the demo session has stopped")
	}
	first.o.OnStatus(session.Status{State: session.SignedIn})
	if h.win.hasEvent(func(s session.Status) bool { return s.State == session.SignedIn }) {
		t.Errorf("the replaced session's status reached the window: %v", h.win.Events())
	}
	if st := h.c.Status(); !st.Demo {
		t.Errorf("status %+v; want the demo's", st)
	}
}

func TestSignOutEndsWebSessions(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	start, err := h.c.SignIn()
	if err != nil {
		t.Fatal(err)
	}
	h.approve(start.URL)
	h.win.wait(t, "signed in", func() bool {
		return h.win.hasEvent(func(s session.Status) bool { return s.State == session.SignedIn })
	})
	if err := h.c.SignOut(); err != nil {
		t.Fatal(err)
	}
	if n := h.win.Called("EndWebSessions"); n != 1 {
		t.Errorf("EndWebSessions called %d times; want 1", n)
	}
	if st := h.c.Status(); st.State != session.SignedOut || st.Account != nil {
		t.Errorf("after SignOut the status is %+v; want signed out", st)
	}
	events := h.win.Events()
	if last := events[len(events)-1]; last.State != session.SignedOut {
		t.Errorf("the window last heard %+v; want signed out", last)
	}
	// A Refresh now that meets a sign-out is no error to show: the screen says signed out.
	if err := h.c.RefreshNow(); err != nil {
		t.Errorf("RefreshNow after a sign-out: %v; want nil", err)
	}
}

func TestSignInInTheWindowTakesTheRedirectThere(t *testing.T) {
	h := newHarness(t, true)
	h.win.catches = true
	h.start()
	start, err := h.c.SignIn()
	if err != nil {
		t.Fatal(err)
	}
	callback, err := (&fakeatomgit.Browser{}).CallbackURL(t.Context(), start.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !h.win.navigate(callback) {
		t.Fatal("the window did not take the redirect")
	}
	h.win.wait(t, "back in the app, signed in", func() bool {
		return h.win.Called("ReloadApp") == 1 &&
			h.win.hasEvent(func(s session.Status) bool { return s.State == session.SignedIn })
	})
	if h.win.navigate(callback) {
		t.Error("the window still takes navigations after the sign-in")
	}
}

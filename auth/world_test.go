package auth

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// clock is a settable clock, shared by the sessions and the stand-in AtomGit.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// world is a stand-in AtomGit over httptest and the Config of an OAuth app on it: the
// session in a token file and a cache folder of the test's own (so tests using it cannot
// run in parallel), sign-ins through the system browser, in which the person approves.
type world struct {
	t        *testing.T
	srv      *fakeatomgit.Server
	ts       *httptest.Server
	clock    *clock
	cfg      Config
	browsers sync.WaitGroup // the person's browsers, waited for when the test ends
}

func newWorld(t *testing.T, opts fakeatomgit.Options) *world {
	t.Helper()
	cache, config := t.TempDir(), t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("LocalAppData", cache) // Windows' cache folder
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("AppData", config) // Windows' config folder
	w := &world{t: t, clock: &clock{t: time.Now()}}
	opts.Now = w.clock.Now
	w.srv = fakeatomgit.New(opts)
	w.ts = httptest.NewServer(w.srv)
	t.Cleanup(w.ts.Close)
	t.Cleanup(w.browsers.Wait) // before the stand-in closes, once t.Context has ended
	w.cfg = Config{
		ClientID: fakeatomgit.DefaultClientID, ClientSecret: fakeatomgit.DefaultClientSecret,
		RedirectURI:  "http://127.0.0.1:0/callback",
		AuthorizeURL: w.ts.URL + "/login/oauth/authorize", TokenURL: w.ts.URL + "/login/oauth/access_token", UserURL: w.ts.URL + "/user/info",
		Storage: "file", TokenFile: filepath.Join(t.TempDir(), "tokens.json"),
		Browser: true, OpenURL: w.approve,
		now: w.clock.Now,
	}
	return w
}

// approve is the person approving on AtomGit's page in their browser. The browser may
// still be reading the callback's answer when the test has ended and taken its context
// with it: only errors met while the test runs fail it, and the test waits for the
// browser, which so never reports after the test has completed.
func (w *world) approve(url string) {
	ctx := w.t.Context()
	w.browsers.Go(func() {
		if err := (&fakeatomgit.Browser{}).Approve(ctx, url); err != nil && ctx.Err() == nil {
			w.t.Errorf("the person could not approve: %v", err)
		}
	})
}

// open opens the world's session; it is closed when the test ends.
func (w *world) open() *Session {
	w.t.Helper()
	s, err := Open(w.t.Context(), w.cfg)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	return s
}

// signIn opens a session and signs the demo user in.
func (w *world) signIn() *Session {
	w.t.Helper()
	s := w.open()
	if _, err := s.SignIn(w.t.Context()); err != nil {
		w.t.Fatal(err)
	}
	return s
}

// settled waits until the stand-in answers no request: what the test did has landed.
func (w *world) settled() fakeatomgit.Stats {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), 10*time.Second)
	defer cancel()
	if err := w.srv.Wait(ctx, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 }); err != nil {
		w.t.Fatal(err)
	}
	return w.srv.Stats()
}

package session

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// fakeCatcher is a window that catches its navigations, as the Linux window does: a catch
// that is stopped goes on until the window shows the app's page again (appShown).
type fakeCatcher struct {
	mu       sync.Mutex // guards the fields below
	deliver  func(string) bool
	gen      int  // bumped by every CatchNavigation, so that a late stop leaves a newer one be
	released bool // stopped: it ends at appShown
	cannot   bool // the view cannot be found
}

var _ NavigationCatcher = (*fakeCatcher)(nil)

func (c *fakeCatcher) CatchNavigation(deliver func(string) bool) (func(), bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cannot {
		return nil, false
	}
	c.gen++
	gen := c.gen
	c.deliver, c.released = deliver, false
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.gen == gen {
			c.released = true
		}
	}, true
}

// appShown is the window committing the app's own page: a stopped catch ends.
func (c *fakeCatcher) appShown() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.released {
		c.deliver, c.released = nil, false
	}
}

// navigate is the window going to u: true when the navigation was taken and stopped.
func (c *fakeCatcher) navigate(u string) bool {
	c.mu.Lock()
	d := c.deliver
	c.mu.Unlock()
	return d != nil && d(u)
}

// freeRedirect is a redirect URI on a free loopback port.
func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprintf("http://%s/callback", ln.Addr())
}

// bindable reports whether another program could listen on the redirect URI's address now.
func bindable(t *testing.T, redirect string) bool {
	t.Helper()
	u, _ := url.Parse(redirect)
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

func catchFixture(t *testing.T, c *fakeCatcher) (*fixture, *syncLog) {
	t.Helper()
	f := newFixture(t, fakeatomgit.Options{})
	log := &syncLog{}
	f.catcher, f.redirect, f.log = c, freeRedirect(t), slog.New(slog.NewTextHandler(log, nil))
	f.m = f.manager()
	return f, log
}

func TestSignInInTheWindowCatchesTheRedirectWithoutAPort(t *testing.T) {
	c := &fakeCatcher{}
	f, log := catchFixture(t, c)
	backs := make(chan struct{}, 10)
	start, err := f.m.BeginSignIn(func() { backs <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "callback=webview") {
		t.Errorf("log: %s", log.String())
	}
	u, _ := url.Parse(start.URL)
	if got := u.Query().Get("redirect_uri"); got != f.redirect {
		t.Errorf("redirect_uri = %q, want the configured %q", got, f.redirect)
	}
	if !bindable(t, f.redirect) {
		t.Fatal("the attempt listens on the redirect port")
	}
	ctx := context.Background()
	forged := f.redirect + "?code=forged&state=not-the-state"
	if !c.navigate(forged) {
		t.Error("a forged callback was not stopped")
	}
	callback, err := (&fakeatomgit.Browser{}).CallbackURL(ctx, start.URL)
	if err != nil {
		t.Fatal(err)
	}
	if c.navigate("http://127.0.0.1:1/elsewhere") {
		t.Error("a navigation elsewhere was stopped")
	}
	if !c.navigate(callback) {
		t.Fatal("the callback was not taken")
	}
	f.waitState(SignedIn)
	if len(backs) != 1 {
		t.Errorf("the window was brought back %d times, want once", len(backs))
	}
	c.appShown()
	if c.navigate(callback) {
		t.Error("the window still catches navigations once the app's page is back")
	}
	if s := f.srv.Stats(); s.Exchanges != 1 {
		t.Errorf("stats %+v", s)
	}
}

// After the catch, and until the window shows the app's page again, AtomGit's page may
// go on navigating its frames to the redirect URI, with the real code and state: each is
// still taken and refused, so none reaches a program that listens on the redirect port by
// then, and none decides anything more.
func TestAfterTheCatchRedirectsAreRefusedUntilTheAppIsBack(t *testing.T) {
	c := &fakeCatcher{}
	f, _ := catchFixture(t, c)
	start, err := f.m.BeginSignIn(func() {})
	if err != nil {
		t.Fatal(err)
	}
	callback, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), start.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !c.navigate(callback) {
		t.Fatal("the callback was not taken")
	}
	f.waitState(SignedIn)
	for _, again := range []string{callback, callback + "&frame=2", f.redirect + "?code=other&state=x", f.redirect} {
		if !c.navigate(again) {
			t.Errorf("%s left the window after the catch, before the app's page was back", again)
		}
	}
	if s := f.srv.Stats(); s.Exchanges != 1 || f.m.Status().State != SignedIn {
		t.Errorf("after the refused navigations: stats %+v, state %s", s, f.m.Status().State)
	}
	c.appShown()
	if c.navigate(callback) {
		t.Error("the window still catches navigations once the app's page is back")
	}
}

func TestSignInInTheWindowDeniedThroughTheCatcher(t *testing.T) {
	c := &fakeCatcher{}
	f, _ := catchFixture(t, c)
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &fakeatomgit.Browser{}
	// Deny follows the redirect: with no listener nothing answers it; the window would
	// have caught it.
	_ = b.Deny(context.Background(), start.URL)
	st := f.m.Status()
	if st.State != Opening {
		t.Fatalf("state %s before the window saw the denial", st.State)
	}
	u, _ := url.Parse(start.URL)
	q := url.Values{"error": {"access_denied"}, "state": {u.Query().Get("state")}}
	if !c.navigate(f.redirect + "?" + q.Encode()) {
		t.Fatal("the denial was not taken")
	}
	if st := f.waitState(Failed); st.Error == nil || st.Error.Code != "denied" {
		t.Errorf("error = %+v", st.Error)
	}
}

func TestSignInUsesTheListenerWhenTheWindowCannotCatch(t *testing.T) {
	for name, c := range map[string]NavigationCatcher{"no catcher": nil, "view not found": &fakeCatcher{cannot: true}} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{})
			log := &syncLog{}
			f.catcher, f.redirect, f.log = c, freeRedirect(t), slog.New(slog.NewTextHandler(log, nil))
			f.m = f.manager()
			start, err := f.m.BeginSignIn(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(log.String(), "callback=listener") || strings.Contains(log.String(), "callback=webview") {
				t.Errorf("log: %s", log.String())
			}
			if bindable(t, f.redirect) {
				t.Error("no listener on the redirect port")
			}
			if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
				t.Fatal(err)
			}
			f.waitState(SignedIn)
		})
	}
}

func TestBrowserSignInAlwaysUsesTheListener(t *testing.T) {
	c := &fakeCatcher{}
	f, log := catchFixture(t, c)
	if _, err := f.m.BeginBrowserSignIn(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "callback=listener") || bindable(t, f.redirect) {
		t.Errorf("the browser sign-in did not listen; log: %s", log.String())
	}
	if c.navigate(f.redirect + "?code=c&state=s") {
		t.Error("the window caught a navigation during a browser sign-in")
	}
	f.m.CancelSignIn()
}

// syncLog is a log destination that tests read while the Manager writes.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

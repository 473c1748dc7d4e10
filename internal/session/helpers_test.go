package session

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// clock is a settable clock shared by the Manager and the fake server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// timers replaces the Manager's timers: the test fires them.
type timers struct {
	mu   sync.Mutex
	next func()
	d    time.Duration
	set  int // how many timers have been set
}

func (tm *timers) after(d time.Duration, f func()) func() bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.next, tm.d = f, d
	tm.set++
	return func() bool { return true }
}

// fire runs the pending refresh timer, as if its time had come.
func (tm *timers) fire() {
	tm.mu.Lock()
	f := tm.next
	tm.next = nil
	tm.mu.Unlock()
	if f != nil {
		f()
	}
}

func (tm *timers) pending() time.Duration {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.d
}

// noticeTimers replaces the timers of the Managers' keyring-wait notices: each is kept,
// for the test to fire, with whether it was stopped.
type noticeTimers struct {
	mu     sync.Mutex // guards timers
	timers []*noticeTimer
}

// noticeTimer is one notice timer a keyring call started.
type noticeTimer struct {
	fire    func()
	mu      sync.Mutex // guards stopped
	stopped bool
}

func (nt *noticeTimers) after(_ time.Duration, f func()) func() bool {
	t := &noticeTimer{fire: f}
	nt.mu.Lock()
	nt.timers = append(nt.timers, t)
	nt.mu.Unlock()
	return func() bool {
		t.mu.Lock()
		defer t.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// since is the timers started after the first n.
func (nt *noticeTimers) since(n int) []*noticeTimer {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	return append([]*noticeTimer(nil), nt.timers[n:]...)
}

// count is how many timers have been started.
func (nt *noticeTimers) count() int {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	return len(nt.timers)
}

// fixture is a Manager against a fake AtomGit with a memory keyring.
type fixture struct {
	t       *testing.T
	srv     *fakeatomgit.Server
	ts      *httptest.Server
	store   *keyring.Memory
	vault   Vault
	lock    Locker        // the realm's lock, shared by every Manager of the fixture
	signal  Signal        // nil unless a test follows
	via     keyring.Store // when set, the store new Managers use (a wrapper of store)
	follow  bool          // new Managers follow signal
	pkce    atomgit.PKCE  // new Managers sign in with this PKCE
	clock   *clock
	timers  *timers
	notices *noticeTimers // the keyring-wait notices' timers
	// For new Managers: the window's catcher of navigations, the redirect URI (a free port
	// when empty), and where sign-in attempts log.
	catcher  NavigationCatcher
	redirect string
	log      *slog.Logger
	m        *Manager
	seen     chan Status
}

func newFixture(t *testing.T, srvOpts fakeatomgit.Options) *fixture {
	t.Helper()
	f := &fixture{t: t, store: &keyring.Memory{}, clock: &clock{t: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)}, timers: &timers{}, notices: &noticeTimers{}, seen: make(chan Status, 1000)}
	srvOpts.Now = f.clock.Now
	f.srv = fakeatomgit.New(srvOpts)
	f.ts = httptest.NewServer(f.srv)
	t.Cleanup(f.ts.Close)
	f.vault = Vault{Store: f.store, Service: "atomgit-login-test", Key: "realm"}
	f.lock = FileLock{Path: t.TempDir() + "/realm.lock"}
	f.m = f.manager()
	return f
}

// keeper is the realm's owner, as another process would build it.
func (f *fixture) keeper() Keeper {
	var store keyring.Store = f.store
	if f.via != nil {
		store = f.via
	}
	return Keeper{Accounts: Accounts{Store: store, Service: f.vault.Service, Realm: f.vault.Key}, Lock: f.lock, Signal: f.signal}
}

// manager makes a Manager on the fixture's server and keyring (a second one plays
// another process); its status goes to f.seen.
func (f *fixture) manager() *Manager { return f.managerReporting(f.seen) }

// otherProcess makes a Manager on the fixture's server and keyring whose status nobody
// watches: a command in a terminal.
func (f *fixture) otherProcess() *Manager { return f.managerReporting(nil) }

func (f *fixture) managerReporting(seen chan Status) *Manager {
	m := New(Options{
		Keeper: f.keeper(),
		Follow: f.follow,
		Client: atomgit.Client{
			Endpoint: atomgit.Endpoint{
				AuthorizeURL: f.ts.URL + "/login/oauth/authorize",
				TokenURL:     f.ts.URL + "/login/oauth/access_token",
				UserURL:      f.ts.URL + "/user/info",
				Style:        atomgit.StyleJSON,
				PKCE:         f.pkce,
			},
			ClientID: fakeatomgit.DefaultClientID, ClientSecret: fakeatomgit.DefaultClientSecret,
			RedirectURI: cmp.Or(f.redirect, "http://127.0.0.1:0/callback"),
			Now:         f.clock.Now,
		},
		Vault:         f.vault,
		ReturnURL:     "wails://wails/",
		SignInTimeout: time.Minute,
		Configured:    true,
		OnStatus: func(s Status) {
			select {
			case seen <- s: // a nil seen blocks: the default drops s
			default:
			}
		},
		Now:     f.clock.Now,
		Catcher: f.catcher,
		Log:     f.log,
	})
	m.after, m.slowAfter = f.timers.after, f.notices.after
	ctx, cancel := context.WithCancel(context.Background())
	f.t.Cleanup(func() {
		cancel()
		m.Wait() // nothing of it touches the test's folders after the test
	})
	m.Run(ctx, 5*time.Second)
	return m
}

// waitState waits for a status event in state s.
func (f *fixture) waitState(s State) Status {
	f.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case st := <-f.seen:
			if st.State == s {
				f.m.Status() // the event is sent under the Manager's lock: this waits for the rest of that step
				return st
			}
		case <-timeout:
			f.t.Fatalf("no %s status; now %+v", s, f.m.Status())
		}
	}
}

// signIn runs a whole sign-in through the fake server's pages.
func (f *fixture) signIn() Status { f.t.Helper(); return f.signInAs("") }

// signInAs signs in as another demo account (a fresh browser: no AtomGit web session).
func (f *fixture) signInAs(login string) Status {
	f.t.Helper()
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	b := &fakeatomgit.Browser{}
	if login == fakeatomgit.SecondUsername {
		b.Username, b.Password = fakeatomgit.SecondUsername, fakeatomgit.SecondPassword
	}
	if err := b.Approve(context.Background(), start.URL); err != nil {
		f.t.Fatal(err)
	}
	return f.waitState(SignedIn)
}

func (f *fixture) stored() *Record {
	f.t.Helper()
	rec, err := f.vault.Load(context.Background())
	if err != nil {
		f.t.Fatalf("stored record: %v", err)
	}
	return rec
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

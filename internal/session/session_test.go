package session

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func TestSignInStoresTheSessionAndShowsTheAccount(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	st := f.signIn()
	if st.Account == nil || st.Account.Login != "demo" || st.Account.Name == "" {
		t.Fatalf("account = %+v", st.Account)
	}
	if st.Storage != InKeyring || st.ExpiresAt == nil || !st.ExpiresAt.Equal(f.clock.Now().Add(8*time.Hour)) {
		t.Errorf("status = %+v", st)
	}
	rec := f.stored()
	if rec.Token.AccessToken == "" || rec.Token.RefreshToken == "" || rec.Account.Login != "demo" {
		t.Errorf("stored %+v", rec)
	}
	if got := f.srv.Stats(); got.Exchanges != 1 || got.UserCalls != 1 {
		t.Errorf("stats = %+v", got)
	}
	// A new process finds the session without signing in.
	m2 := f.manager()
	if s := m2.Status(); s.State != SignedIn || s.Account.Login != "demo" {
		t.Errorf("after restart: %+v", s)
	}
}

func TestStatusNeverCarriesTokens(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	rec := f.stored()
	for _, s := range []Status{f.m.Status()} {
		b, _ := jsonString(s)
		if strings.Contains(b, rec.Token.AccessToken) || strings.Contains(b, rec.Token.RefreshToken) || strings.Contains(b, fakeatomgit.DefaultClientSecret) {
			t.Errorf("status shows a secret: %s", b)
		}
	}
}

func TestDenyEndsSignedOutWithTheReasonAndStoresNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Deny(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	st := f.waitState(Failed)
	if st.Error == nil || st.Error.Code != "denied" {
		t.Errorf("error = %+v", st.Error)
	}
	if _, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("stored after deny: %v", err)
	}
	if f.srv.Stats().Exchanges != 0 {
		t.Error("a code was exchanged after Deny")
	}
}

func TestExchangeFailureStoresNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{HTML: true, Status: 502})
	start, _ := f.m.BeginSignIn(nil)
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	st := f.waitState(Failed)
	if st.Error == nil || st.Error.Code != CodeServer || strings.Contains(st.Error.Detail, "<") {
		t.Errorf("error = %+v", st.Error)
	}
	if _, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("stored after a failed exchange: %v", err)
	}
}

func TestKeyringFailureKeepsTheSessionInMemoryAndSaysWhy(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.store.FailNext(nil) // the sign-in reads what it replaces
	f.store.FailNext(&keyring.UnavailableError{Reason: "no Secret Service is running"})
	st := f.signIn()
	if st.Storage != InMemory || st.StorageProblem == nil || st.StorageProblem.Code != CodeKeyringUnavailable ||
		!strings.Contains(st.StorageProblem.Detail, "Secret Service") {
		t.Errorf("status = %+v, problem %+v", st, st.StorageProblem)
	}
	if tok, err := f.m.Token(context.Background()); err != nil || tok == "" {
		t.Errorf("token in memory: %q, %v", tok, err)
	}
}

func TestCancelReturnsToTheAppSignedOut(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	back := make(chan struct{})
	if _, err := f.m.BeginSignIn(func() { close(back) }); err != nil {
		t.Fatal(err)
	}
	f.waitState(Opening)
	f.m.CancelSignIn()
	st := f.waitState(SignedOut)
	if st.Error == nil || st.Error.Code != CodeCancelled {
		t.Errorf("error = %+v", st.Error)
	}
	select {
	case <-back:
	case <-time.After(5 * time.Second):
		t.Fatal("the window was not brought back to the app")
	}
}

func TestPortInUseNamesTheSetting(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.m.opts.RedirectSetting = "ATOMGIT_REDIRECT_URI"
	first, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	// A second Manager wants the port the first one listens on.
	m2 := f.manager()
	m2.opts.RedirectSetting = "ATOMGIT_REDIRECT_URI"
	m2.opts.Client.RedirectURI = redirectOf(t, first.URL)
	if _, err := m2.BeginSignIn(nil); err == nil {
		t.Fatal("no error for a taken port")
	}
	st := m2.Status()
	if st.State != Failed || st.Error.Code != CodePortInUse || st.Error.Setting != "ATOMGIT_REDIRECT_URI" {
		t.Errorf("status = %+v, %+v", st, st.Error)
	}
}

func TestSignOutDeletesTheEntry(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	if err := f.m.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := f.m.Status(); st.State != SignedOut || st.Account != nil {
		t.Errorf("status = %+v", st)
	}
	if _, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("entry after sign-out: %v", err)
	}
	if _, err := f.m.Token(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("token after sign-out: %v", err)
	}
}

func TestHundredCallersAtExpiryCauseOneRefresh(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	old := f.stored().Token.AccessToken
	f.clock.Add(8 * time.Hour)
	var wg sync.WaitGroup
	tokens := make([]string, 100)
	errs := make([]error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tokens[i], errs[i] = f.m.Token(context.Background())
		}()
	}
	wg.Wait()
	for i := range tokens {
		if errs[i] != nil || tokens[i] == old || tokens[i] != tokens[0] {
			t.Fatalf("caller %d: %q, %v", i, tokens[i], errs[i])
		}
	}
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Errorf("refresh requests = %d, want 1", n)
	}
}

func TestTwoProcessesShareOneRefresh(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	m2 := f.manager()
	f.clock.Add(8 * time.Hour)
	t1, err1 := f.m.Token(context.Background())
	t2, err2 := m2.Token(context.Background())
	if err1 != nil || err2 != nil || t1 != t2 {
		t.Fatalf("tokens %q %v, %q %v", t1, err1, t2, err2)
	}
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Errorf("refresh requests = %d, want 1", n)
	}
}

func redirectOf(t *testing.T, authURL string) string {
	t.Helper()
	i := strings.Index(authURL, "redirect_uri=")
	if i < 0 {
		t.Fatalf("no redirect_uri in %s", authURL)
	}
	v := authURL[i+len("redirect_uri="):]
	if j := strings.IndexByte(v, '&'); j >= 0 {
		v = v[:j]
	}
	v = strings.NewReplacer("%3A", ":", "%2F", "/").Replace(v)
	return v
}

func TestBrowserSignInAsksToReturnToTheApp(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	start, err := f.m.BeginBrowserSignIn()
	if err != nil {
		t.Fatal(err)
	}
	if st := f.m.Status(); st.State != Waiting || st.Host == "" {
		t.Errorf("status while the browser is open: %+v", st)
	}
	b := &fakeatomgit.Browser{}
	if err := b.Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	f.waitState(SignedIn)
	if b.Callback != 200 {
		t.Errorf("callback page status %d", b.Callback)
	}
}

func TestASlowKeyringIsShownAsWaitingForItToUnlock(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	release := f.store.Block() // as if an unlock prompt were up
	seen := make(chan Status, 100)
	m := New(Options{Vault: f.vault, Configured: true, Now: f.clock.Now, OnStatus: func(s Status) {
		select {
		case seen <- s:
		default:
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		m.Wait()
	})
	m.Run(ctx, 10*time.Millisecond) // returns while the keyring is still busy
	wait := func(what string, ok func(Status) bool) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case s := <-seen:
				if ok(s) {
					return
				}
			case <-timeout:
				t.Fatalf("no status %s; now %+v", what, m.Status())
			}
		}
	}
	wait("keyring_wait", func(s Status) bool { return s.State == KeyringWait })
	release() // the person typed the password
	wait("signed_in as demo", func(s Status) bool { return s.State == SignedIn && s.Account != nil && s.Account.Login == "demo" })
}

// A keyring call that answers before the notice is due shows nothing: its timer is
// stopped when it returns, and a timer that fires all the same, late, says nothing.
func TestAQuickKeyringCallShowsNoWait(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	before := f.notices.count()
	if _, err := f.m.Accounts(context.Background()); err != nil { // reads the keyring
		t.Fatal(err)
	}
	calls := f.notices.since(before)
	if len(calls) == 0 {
		t.Fatal("listing the accounts made no keyring call")
	}
	for len(f.seen) > 0 {
		<-f.seen
	}
	for _, c := range calls {
		c.mu.Lock()
		stopped := c.stopped
		c.mu.Unlock()
		if !stopped {
			t.Error("the notice timer of a keyring call that returned was left running")
		}
		c.fire() // as a timer does whose stop came too late
	}
	for len(f.seen) > 0 {
		if s := <-f.seen; s.State == KeyringWait {
			t.Errorf("a quick keyring call showed %s", s.State)
		}
	}
	if st := f.m.Status(); st.State != SignedIn {
		t.Errorf("status after quick keyring calls: %+v", st)
	}
}

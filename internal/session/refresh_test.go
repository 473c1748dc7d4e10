package session

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func TestMarginScalesWithTheLifetime(t *testing.T) {
	for _, tc := range []struct{ lifetime, want time.Duration }{
		{8 * time.Hour, 48 * time.Minute},
		{time.Hour, 6 * time.Minute},
		{5 * time.Minute, time.Minute},
		{90 * time.Second, 45 * time.Second},
		{20 * time.Second, 10 * time.Second},
	} {
		if got := Margin(tc.lifetime); got != tc.want {
			t.Errorf("Margin(%v) = %v, want %v", tc.lifetime, got, tc.want)
		}
	}
}

func TestBackoffGrowsWithJitterAndHonoursRetryAfter(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n <= 10; n++ {
		base := min(5*time.Second<<min(n-1, 6), 5*time.Minute)
		d := backoff(n, 0)
		if d < base*8/10 || d > base*12/10 {
			t.Errorf("backoff(%d) = %v, want %v ±20%%", n, d, base)
		}
		if n > 1 && base > prev && d < prev*8/10 {
			t.Errorf("backoff(%d) = %v shrank", n, d)
		}
		prev = base
	}
	if d := backoff(1, 10*time.Minute); d != 10*time.Minute {
		t.Errorf("with Retry-After 10m: %v", d)
	}
}

func TestTheTimerRefreshesAheadOfExpiry(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	first := f.stored()
	if d := f.timers.pending(); d != maxSleep {
		t.Errorf("first timer in %v, want the %v cap", d, maxSleep)
	}
	// Woken before the deadline (the cap): nothing is sent, the timer is set again.
	f.clock.Add(maxSleep)
	f.timers.fire()
	if n := f.srv.Stats().Refreshes; n != 0 {
		t.Fatalf("refreshed %d times before the deadline", n)
	}
	// At 8 h − 48 min it refreshes.
	f.clock.Add(8*time.Hour - 48*time.Minute - maxSleep)
	f.timers.fire()
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Fatalf("refreshes = %d, want 1", n)
	}
	st := f.m.Status()
	if st.State != SignedIn || !st.ExpiresAt.Equal(f.clock.Now().Add(8*time.Hour)) || !st.RefreshedAt.Equal(f.clock.Now()) {
		t.Errorf("status = %+v", st)
	}
	if got := f.stored(); got.Token.AccessToken == first.Token.AccessToken {
		t.Error("the keyring still holds the old access token")
	}
}

func TestAClockJumpPastTheDeadlineRefreshesAtOnce(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.clock.Add(30 * time.Hour) // a suspend: the timer fires late, the token is long expired
	f.timers.fire()
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Fatalf("refreshes = %d", n)
	}
	if st := f.m.Status(); st.State != SignedIn {
		t.Errorf("state = %s", st.State)
	}
}

func TestStartWithAnExpiredTokenRefreshesBeforeSignedIn(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.clock.Add(9 * time.Hour)
	m2 := f.manager()
	if st := m2.Status(); st.State != Refreshing {
		t.Fatalf("a new process with an expired token shows %s", st.State)
	}
	if d := f.timers.pending(); d != 0 {
		t.Errorf("refresh scheduled in %v, want at once", d)
	}
	f.timers.fire()
	if st := m2.Status(); st.State != SignedIn || f.srv.Stats().Refreshes != 1 {
		t.Errorf("state %s after %d refreshes", st.State, f.srv.Stats().Refreshes)
	}
}

func TestRotationIsStoredAndItsAbsenceKeepsTheOldToken(t *testing.T) {
	for _, rotate := range []bool{true, false} {
		f := newFixture(t, fakeatomgit.Options{RotateRefresh: rotate})
		f.signIn()
		old := f.stored().Token.RefreshToken
		if err := f.m.RefreshNow(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := f.stored().Token.RefreshToken
		if rotate && got == old || !rotate && got != old || got == "" {
			t.Errorf("rotate=%v: refresh token %q → %q", rotate, old, got)
		}
		// The stored refresh token works.
		if err := f.m.RefreshNow(context.Background()); err != nil {
			t.Errorf("rotate=%v: second refresh: %v", rotate, err)
		}
	}
}

// signalStore reports when a Set starts, and holds it until released.
type signalStore struct {
	*keyring.Memory
	mu      sync.Mutex
	entered chan struct{}
	release chan struct{}
}

func (s *signalStore) Set(ctx context.Context, service, user, secret string) error {
	s.mu.Lock()
	entered, release := s.entered, s.release
	s.mu.Unlock()
	if entered != nil {
		close(entered)
		<-release
	}
	return s.Memory.Set(ctx, service, user, secret)
}

func TestTheNewTokenIsStoredBeforeAnyoneGetsIt(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	store := &signalStore{Memory: f.store, entered: make(chan struct{}), release: make(chan struct{})}
	f.via = store
	f.m = f.manager() // the same process, started anew on the slow store
	f.clock.Add(8 * time.Hour)
	got := make(chan string, 1)
	go func() {
		tok, _ := f.m.Token(context.Background())
		got <- tok
	}()
	<-store.entered // the keyring write of the refresh has begun
	select {
	case tok := <-got:
		t.Fatalf("a caller got %q before the keyring write finished", tok)
	default:
	}
	close(store.release)
	if tok := <-got; tok != f.stored().Token.AccessToken {
		t.Errorf("handed out %q, stored %q", tok, f.stored().Token.AccessToken)
	}
}

func TestAFailedWriteKeepsTheSessionInMemoryAndIsRetried(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	before := f.stored()
	f.store.FailNext(nil) // the re-read before the refresh succeeds
	f.store.FailNext(keyring.ErrTimeout)
	tok, err := f.m.Token(context.Background())
	if err == nil {
		// Not due yet: force the refresh.
		err = f.m.RefreshNow(context.Background())
		tok, _ = f.m.Token(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	st := f.m.Status()
	if st.State != SignedIn || st.Storage != InMemory || st.StorageProblem == nil || st.StorageProblem.Code != CodeKeyringTimeout {
		t.Fatalf("status = %+v, storage problem %+v", st, st.StorageProblem)
	}
	if got := f.stored(); got.Token.AccessToken != before.Token.AccessToken || got.Token.RefreshToken != before.Token.RefreshToken {
		t.Error("a failed write changed the stored entry")
	}
	if tok == before.Token.AccessToken {
		t.Error("the new token is not used in memory")
	}
	// The timer tries the write again.
	f.clock.Add(saveRetry)
	f.timers.fire()
	if st := f.m.Status(); st.Storage != InKeyring || st.StorageProblem != nil {
		t.Errorf("after the retry: %+v", st)
	}
	if got := f.stored(); got.Token.AccessToken != tok {
		t.Error("the retried write did not store the new token")
	}
}

func TestFaultsKeepTheTokensAndRecover(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fakeatomgit.Fault
		code  string
	}{
		{"500", fakeatomgit.Fault{Status: 500}, CodeServer},
		{"503 Retry-After", fakeatomgit.Fault{Status: 503, RetryAfter: "600"}, CodeServer},
		{"hang past the timeout", fakeatomgit.Fault{Hang: true}, CodeNetwork},
		{"reset connection", fakeatomgit.Fault{Reset: true}, CodeNetwork},
		{"HTML page", fakeatomgit.Fault{HTML: true, Status: 200}, CodeServer},
		{"invalid JSON", fakeatomgit.Fault{InvalidJSON: true}, CodeServer},
		{"no access token", fakeatomgit.Fault{NoAccessToken: true}, CodeServer},
		{"10 MB body", fakeatomgit.Fault{HugeBody: 10 << 20}, CodeServer},
		{"429", fakeatomgit.Fault{Status: 429, RetryAfter: "120"}, CodeServer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
			f.signIn()
			before := f.stored()
			if tc.fault.Hang {
				// The refresh waits until its client gives up: soon, here. The other
				// requests keep the client's usual patience, which a busy machine may
				// need, and so does the answer of every other fault (10 MB).
				f.m.opts.Client.HTTP = &http.Client{Timeout: 300 * time.Millisecond}
			}
			f.srv.SetFault(fakeatomgit.RouteToken, tc.fault)
			f.clock.Add(8 * time.Hour)
			f.timers.fire()
			st := f.m.Status()
			if st.State != Offline || st.Error == nil || st.Error.Code != tc.code || st.RetryAt == nil || st.Account == nil {
				t.Fatalf("status = %+v, error %+v", st, st.Error)
			}
			if tc.fault.RetryAfter != "" && st.RetryAt.Before(f.clock.Now().Add(119*time.Second)) {
				t.Errorf("retry at %v ignores Retry-After %s", st.RetryAt, tc.fault.RetryAfter)
			}
			if got := f.stored(); got.Token != before.Token {
				t.Errorf("the stored tokens changed after a fault")
			}
			f.srv.ClearFaults()
			f.m.opts.Client.HTTP = nil
			f.clock.Add(st.RetryAt.Sub(f.clock.Now()))
			f.timers.fire()
			if st := f.m.Status(); st.State != SignedIn || st.Error != nil {
				t.Errorf("after recovery: %+v", st)
			}
			if got := f.stored(); got.Token.AccessToken == before.Token.AccessToken {
				t.Error("recovery stored nothing new")
			}
		})
	}
}

func TestAValidTokenIsStillHandedOutWhileOffline(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 502})
	f.clock.Add(8*time.Hour - 10*time.Minute) // due, not expired
	f.timers.fire()
	if st := f.m.Status(); st.State != Offline {
		t.Fatalf("state = %s", st.State)
	}
	tok, err := f.m.Token(context.Background())
	if err != nil || tok != f.stored().Token.AccessToken {
		t.Errorf("token while offline: %q, %v", tok, err)
	}
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Errorf("Token retried before the retry time: %d refreshes", n)
	}
}

// A timer set while the record was due (a process that starts with an expired token)
// may fire late, after the Token call's own refresh has failed: the session is Offline
// then, and waits for its retry time instead of sending another refresh at once.
func TestALateDueTimerWaitsForTheRetryWhileOffline(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.clock.Add(8 * time.Hour)
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 502})
	m := f.otherProcess() // loads the expired record: its timer is due at once
	f.timers.mu.Lock()
	late := f.timers.next
	f.timers.mu.Unlock()
	if late == nil {
		t.Fatal("no timer set for a record that is due")
	}
	if _, err := m.Token(context.Background()); err == nil {
		t.Fatal("an expired token was handed out while the refresh failed")
	}
	if st := m.Status(); st.State != Offline {
		t.Fatalf("state = %s, want offline", st.State)
	}
	before := f.srv.Stats().Refreshes
	late()
	if n := f.srv.Stats().Refreshes; n != before {
		t.Errorf("the late timer sent %d more refreshes before the retry time", n-before)
	}
}

func TestARevokedGrantAsksToSignInAgainNamingTheAccount(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.srv.RevokeAll()
	f.clock.Add(8 * time.Hour)
	_, err := f.m.Token(context.Background())
	if err == nil {
		t.Fatal("a revoked grant gave a token")
	}
	st := f.m.Status()
	if st.State != Reauth || st.Account == nil || st.Account.Login != "demo" || st.Error.Code != CodeInvalidGrant {
		t.Errorf("status = %+v", st)
	}
}

func TestAnExpiredRefreshTokenIsNotSent(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RefreshLifetime: 24 * time.Hour})
	f.signIn()
	f.clock.Add(25 * time.Hour)
	if _, err := f.m.Token(context.Background()); err == nil {
		t.Fatal("got a token")
	}
	if st := f.m.Status(); st.State != Reauth {
		t.Errorf("state = %s", st.State)
	}
	if n := f.srv.Stats().Refreshes; n != 0 {
		t.Errorf("sent %d refreshes with an expired refresh token", n)
	}
}

func TestInvalidGrantBelievesAnotherProcesssNewerTokens(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	other := f.manager() // another process, same keyring
	f.clock.Add(8 * time.Hour)
	if _, err := other.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	// This process still holds the rotated-away refresh token; it must not end the session.
	tok, err := f.m.Token(context.Background())
	if err != nil || tok != f.stored().Token.AccessToken {
		t.Fatalf("token = %q, %v", tok, err)
	}
	if st := f.m.Status(); st.State != SignedIn {
		t.Errorf("state = %s", st.State)
	}
}

func TestSignOutNeedsNoNetwork(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.ts.Close()
	if err := f.m.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("entry after an offline sign-out: %v", err)
	}
}

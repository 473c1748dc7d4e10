package session

import (
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A machine that slept past the token's expiry: its timer has not fired (monotonic timers
// stand still in a suspend), and the wake's check refreshes at once.
func TestAWakeRefreshesATokenThatExpiredInTheSleep(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.clock.Add(9 * time.Hour) // asleep; no timer fired
	f.m.CheckNow()
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Fatalf("refreshes = %d, want 1", n)
	}
	if st := f.m.Status(); st.State != SignedIn || !st.ExpiresAt.After(f.clock.Now()) {
		t.Errorf("after the wake: %+v", st)
	}
}

// A wake while the token is good for long sends nothing: a check, not a refresh.
func TestAWakeWithAGoodTokenSendsNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.clock.Add(time.Hour)
	f.m.CheckNow()
	f.m.CheckNow()
	if n := f.srv.Stats().Refreshes; n != 0 {
		t.Errorf("refreshes = %d, want 0", n)
	}
	if st := f.m.Status(); st.State != SignedIn {
		t.Errorf("state %s", st.State)
	}
}

// Offline, with the next try minutes away after several failures: the wake (or the
// network coming back) retries at once, and the session is signed in again.
func TestAWakeRetriesAnOfflineSessionAtOnce(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Reset: true})
	f.clock.Add(8 * time.Hour)
	f.timers.fire()
	for range 3 { // failures in a row: the backoff grows to about 40 s
		st := f.m.Status()
		f.clock.Add(st.RetryAt.Sub(f.clock.Now()))
		f.timers.fire()
	}
	st := f.m.Status()
	if st.State != Offline || st.RetryAt.Sub(f.clock.Now()) < 30*time.Second {
		t.Fatalf("not offline with a distant retry: %+v", st)
	}
	f.srv.ClearFaults()
	before := f.srv.Stats().Refreshes
	f.m.CheckNow()
	if n := f.srv.Stats().Refreshes - before; n != 1 {
		t.Fatalf("the wake sent %d refreshes, want 1", n)
	}
	if st := f.m.Status(); st.State != SignedIn || st.Error != nil {
		t.Errorf("after the wake: %+v", st)
	}
}

// Signed out, or asked to sign in again: a wake has nothing to do.
func TestAWakeSignedOutDoesNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.m.CheckNow()
	if st := f.m.Status(); st.State != SignedOut || f.srv.Stats().TokenRequests != 0 {
		t.Errorf("state %s, %+v", st.State, f.srv.Stats())
	}
}

// Offline after a Refresh now that failed while the token was still good for hours: its
// next try is at the backoff's end, not by the expiry; the wake tries at once, and the
// window shows the truth.
func TestAWakeRetriesAFailedRefreshNowAtOnce(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Reset: true})
	for range 4 {
		_ = f.m.RefreshNow(t.Context())
	}
	if st := f.m.Status(); st.State != Offline || st.RetryAt.Sub(f.clock.Now()) < 30*time.Second {
		t.Fatalf("not offline with a distant retry: %+v", st)
	}
	f.srv.ClearFaults()
	f.m.CheckNow()
	if st := f.m.Status(); st.State != SignedIn || st.Error != nil {
		t.Errorf("after the wake: %+v", st)
	}
}

// A wake is a check, not a forced refresh: within the refresh floor (AtomGit's tokens
// expire too soon) wakes, however many, send nothing; at the floor's end one refresh goes.
func TestAWakeKeepsTheRefreshFloor(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{ExpiresIn: tinyLifetimes[1].announce}) // expired when issued
	f.signInShort()
	st := f.m.Status()
	if st.State != Offline || st.RetryAt == nil {
		t.Fatalf("not held back by the floor: %+v", st)
	}
	for range 5 {
		f.m.CheckNow()
	}
	if n := f.srv.Stats().Refreshes; n != 0 {
		t.Fatalf("wakes within the floor sent %d refreshes", n)
	}
	f.clock.Add(st.RetryAt.Sub(f.clock.Now()))
	f.m.CheckNow()
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Errorf("a wake at the floor's end sent %d refreshes, want 1", n)
	}
}

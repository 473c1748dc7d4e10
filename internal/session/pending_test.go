package session

import (
	"context"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// waitPending waits for p's outcome, failing the test after a generous guard.
func waitPending(t *testing.T, p *Pending) (*Account, *Problem) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, prob, err := p.Wait(ctx)
	if err != nil {
		t.Fatalf("the sign-in did not end: %v", err)
	}
	return a, prob
}

func TestPendingEndsWithTheAccountSignedIn(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	if p := f.m.Pending(); p != nil {
		t.Fatal("a sign-in is pending before any began")
	}
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := f.m.Pending()
	if p == nil {
		t.Fatal("no pending sign-in after BeginSignIn")
	}
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	a, prob := waitPending(t, p)
	if prob != nil || a == nil || a.Login != "demo" {
		t.Fatalf("outcome = %+v, %+v; want demo signed in", a, prob)
	}
	if f.m.Pending() != nil {
		t.Error("still pending after the sign-in ended")
	}
	if st := f.m.Status(); st.State != SignedIn {
		t.Errorf("state %s after the pending sign-in settled", st.State)
	}
}

// A second BeginSignIn replaces the attempt but not the Pending: whoever joined the first
// learns how the sign-in the person finished ended.
func TestPendingGoesOnThroughAReplacedAttempt(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	if _, err := f.m.BeginSignIn(nil); err != nil {
		t.Fatal(err)
	}
	p := f.m.Pending()
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.m.Pending() != p {
		t.Fatal("the second attempt began another Pending")
	}
	if err := (&fakeatomgit.Browser{}).Deny(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	if a, prob := waitPending(t, p); a != nil || prob == nil || prob.Code != "denied" {
		t.Fatalf("outcome = %+v, %+v; want denied", a, prob)
	}
}

func TestPendingEndsCancelled(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	if _, err := f.m.BeginSignIn(nil); err != nil {
		t.Fatal(err)
	}
	p := f.m.Pending()
	f.m.CancelSignIn()
	if a, prob := waitPending(t, p); a != nil || prob == nil || prob.Code != CodeCancelled {
		t.Fatalf("outcome = %+v, %+v; want cancelled", a, prob)
	}
}

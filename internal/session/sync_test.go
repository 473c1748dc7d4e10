package session

import (
	"context"
	"errors"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// Sync adopts another process's sign-out at once, without a signal to follow: the next
// Token finds nobody signed in.
func TestSyncAdoptsASignOutMadeElsewhere(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	if _, _, err := f.keeper().SignOut(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Token(context.Background()); err != nil {
		t.Fatalf("before Sync the Manager still has its session in memory: %v", err)
	}
	if err := f.m.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Token(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("Token after Sync: %v, want ErrNoRecord", err)
	}
	if st := f.m.Status(); st.State != SignedOut || st.Account != nil {
		t.Errorf("status after Sync: %+v", st)
	}
}

// A store that could not be read when the Manager started is read again by Sync, and its
// problem goes, whether it holds a session or none; a read that fails again is reported
// and changes nothing.
func TestSyncReadsAStoreThatCouldNotBeReadBefore(t *testing.T) {
	for _, signedIn := range []bool{false, true} {
		f := newFixture(t, fakeatomgit.Options{})
		if signedIn {
			f.signIn()
		}
		f.store.FailNext(&keyring.UnavailableError{Reason: "the keyring is locked"})
		m := f.otherProcess() // its first read fails
		if st := m.Status(); st.StorageProblem == nil || st.Account != nil {
			t.Fatalf("a Manager whose first read failed: %+v", st)
		}
		f.store.FailNext(&keyring.UnavailableError{Reason: "the keyring is locked"})
		if err := m.Sync(context.Background()); !keyring.IsUnavailable(err) {
			t.Fatalf("Sync with the keyring still locked: %v", err)
		}
		if st := m.Status(); st.StorageProblem == nil {
			t.Errorf("a failed Sync cleared the problem: %+v", st)
		}
		if err := m.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := map[bool]State{false: SignedOut, true: SignedIn}[signedIn]
		if st := m.Status(); st.StorageProblem != nil || (st.Account != nil) != signedIn || st.State != want {
			t.Errorf("signed in %v: after the keyring could be read: %+v", signedIn, st)
		}
	}
}

package session

import (
	"context"
	"errors"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

func logins(t *testing.T, m *Manager) []string {
	t.Helper()
	list, err := m.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		l := a.Login
		if a.Active {
			l = "*" + l
		}
		out = append(out, l)
	}
	return out
}

func TestSeveralAccountsSwitchAndSignOutOne(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	ctx := context.Background()
	f.signIn()
	st := f.signInAs(fakeatomgit.SecondUsername)
	if st.Account.Login != "alice" || st.Account.Name != "Alice Liu" {
		t.Fatalf("second sign-in: %+v", st.Account)
	}
	if got := logins(t, f.m); len(got) != 2 || got[0] != "*alice" || got[1] != "demo" {
		t.Fatalf("accounts = %v, want [*alice demo]", got)
	}
	aliceToken, _ := f.m.Token(ctx)

	// Switch: the active entry (what token, status and git read) is demo's now.
	if err := f.m.Switch(ctx, "demo"); err != nil {
		t.Fatal(err)
	}
	if st := f.m.Status(); st.State != SignedIn || st.Account.Login != "demo" {
		t.Fatalf("after switch: %+v", st)
	}
	if got := f.stored(); got.Account.Login != "demo" {
		t.Errorf("active entry holds %s", got.Account.Login)
	}
	if got := logins(t, f.m); len(got) != 2 || got[0] != "*demo" || got[1] != "alice" {
		t.Errorf("accounts = %v, want [*demo alice]", got)
	}
	a := Accounts{Store: f.store, Service: f.vault.Service, Realm: f.vault.Key}
	v, err := a.Vault(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := v.Load(ctx); rec.Token.AccessToken != aliceToken {
		t.Error("alice's parked tokens changed")
	}
	if _, err := a.Vault(ctx, "bob"); !errors.Is(err, ErrNoAccount) {
		t.Errorf("unknown account: %v", err)
	}

	// Signing the active account out makes the other one active.
	if err := f.m.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if st := f.m.Status(); st.State != SignedIn || st.Account.Login != "alice" {
		t.Errorf("after signing demo out: %+v", st)
	}
	if got := logins(t, f.m); len(got) != 1 || got[0] != "*alice" {
		t.Errorf("accounts = %v", got)
	}
	if err := f.m.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if got := logins(t, f.m); len(got) != 0 {
		t.Errorf("accounts after signing both out = %v", got)
	}
}

func TestSigningInAgainAsTheSameAccountReplacesIt(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	f.signIn()
	if got := logins(t, f.m); len(got) != 1 || got[0] != "*demo" {
		t.Errorf("accounts = %v", got)
	}
}

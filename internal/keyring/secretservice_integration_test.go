//go:build integration && linux

package keyring

import (
	"context"
	"errors"
	"testing"
)

// quickGet must answer the common cases itself (or `token` gains nothing) and leave
// every other case to go-keyring, whose answer System.Get then gives.

func TestIntegrationQuickGetReadsAnUnlockedEntry(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	if err := s.Set(ctx, svc, "ada", "tok-ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := secretTool(t, "tok-grace", "store", "--label=grace", "service", svc, "username", "grace"); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]string{"ada": "tok-ada", "grace": "tok-grace"} {
		got, err := quickGet(svc, user)
		if err != nil || got != want {
			t.Errorf("quickGet(%s) = %q, %v; want %q, nil", user, got, err, want)
		}
	}
}

// A missing entry is go-keyring's to judge: only it knows whether the login collection is
// locked (and then asks to unlock it) or there is nothing to find.
func TestIntegrationQuickGetLeavesAMissingEntryToGoKeyring(t *testing.T) {
	s, svc := realStore(t), testService(t)
	if _, err := quickGet(svc, "nobody"); err != errUndecided {
		t.Errorf("quickGet of a missing entry: err = %v, want errUndecided", err)
	}
	if _, err := s.Get(context.Background(), svc, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing entry: err = %v, want ErrNotFound", err)
	}
}

// An entry in another collection than login (gnome-keyring's "session" collection here;
// KeePassXC's or KWallet's own elsewhere) is go-keyring's to judge: it searches only the
// login collection, so System.Get says not found, as before quickGet.
func TestIntegrationQuickGetLeavesOtherCollectionsToGoKeyring(t *testing.T) {
	s, svc := realStore(t), testService(t)
	if _, err := secretTool(t, "tok-elsewhere", "store", "--label=elsewhere", "--collection=session",
		"service", svc, "username", "ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := quickGet(svc, "ada"); err != errUndecided {
		t.Errorf("quickGet of an entry outside the login collection: err = %v, want errUndecided", err)
	}
	if got, err := s.Get(context.Background(), svc, "ada"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get = %q, %v; want ErrNotFound, as go-keyring alone says", got, err)
	}
}

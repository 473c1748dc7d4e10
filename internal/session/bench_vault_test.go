package session_test

import (
	"context"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// benchRecord is a record of a realistic size: the fake server's tokens and account.
func benchRecord() *session.Record {
	now := time.Now()
	return &session.Record{
		Token: atomgit.Token{
			AccessToken:   "at-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			RefreshToken:  "rt-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			Expiry:        now.Add(8 * time.Hour),
			RefreshExpiry: now.Add(184 * 24 * time.Hour),
		},
		Account: session.Account{
			ID: "1", Login: "demo", Name: "Demo User",
			AvatarURL: "http://127.0.0.1:40000/avatar/demo.svg", HTMLURL: "http://127.0.0.1:40000/demo",
		},
		RefreshedAt: now,
	}
}

// benchKeeper is the owner of the bench's entry (service atomgit-login, key bench) in store.
func benchKeeper(store keyring.Store, service string) session.Keeper {
	return session.Keeper{Accounts: session.Accounts{Store: store, Service: service, Realm: "bench@127.0.0.1"}, Lock: session.NewLocalLock()}
}

// benchLoad measures Vault.Load, the read path of every start and every token command,
// on k's active entry.
func benchLoad(b *testing.B, k session.Keeper) {
	ctx := context.Background()
	if err := k.SignIn(ctx, benchRecord(), nil); err != nil {
		b.Fatal(err)
	}
	v := k.Accounts.Active()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Load(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVaultLoad reads the record from the in-memory store: the decoding and
// checking cost without the keyring.
func BenchmarkVaultLoad(b *testing.B) {
	benchLoad(b, benchKeeper(new(keyring.Memory), "atomgit-login"))
}

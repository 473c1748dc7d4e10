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

// benchLoad measures Vault.Load, the read path of every start and every token command.
func benchLoad(b *testing.B, v session.Vault) {
	ctx := context.Background()
	if err := v.Save(ctx, benchRecord()); err != nil {
		b.Fatal(err)
	}
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
	benchLoad(b, session.Vault{Store: new(keyring.Memory), Service: "atomgit-login", Key: "bench@127.0.0.1"})
}

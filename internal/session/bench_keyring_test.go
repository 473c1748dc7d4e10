//go:build integration

package session_test

import (
	"context"
	"os"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// BenchmarkVaultLoadKeyring reads the record from the real Secret Service: what a start
// and a token command pay. It runs inside scripts/with-keyring (scripts/bench does that).
func BenchmarkVaultLoadKeyring(b *testing.B) {
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" {
		b.Skip("needs a real keyring: run inside scripts/with-keyring")
	}
	k := benchKeeper(keyring.NewSystem(), "atomgit-login-bench")
	b.Cleanup(func() { _, _, _ = k.SignOut(context.Background(), "") })
	benchLoad(b, k)
}

//go:build integration

package session_test

import (
	"os"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// BenchmarkVaultLoadKeyring reads the record from the real Secret Service: what a start
// and a token command pay. It runs inside scripts/with-keyring (scripts/bench does that).
func BenchmarkVaultLoadKeyring(b *testing.B) {
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" {
		b.Skip("needs a real keyring: run inside scripts/with-keyring")
	}
	v := session.Vault{Store: keyring.NewSystem(), Service: "atomgit-login-bench", Key: "bench@127.0.0.1"}
	b.Cleanup(func() { _ = v.Delete(b.Context()) })
	benchLoad(b, v)
}

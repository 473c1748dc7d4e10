//go:build integration

package session

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// sizeTestStore is, on Windows with ATOMGIT_TEST_KEYRING set (scripts/wine/test), the real
// Credential Manager, whose 2560-byte limit keyring.MaxSize is: the largest entries are
// written there and read back. What is written is deleted when the test ends.
func sizeTestStore(t *testing.T) keyring.Store {
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" {
		t.Fatal("ATOMGIT_TEST_KEYRING is not set: run the Windows integration tests through scripts/wine/test")
	}
	s := &deletingStore{Store: keyring.NewSystem(keyring.WithTimeout(time.Minute)), keys: map[[2]string]bool{}}
	t.Cleanup(func() {
		for k := range s.keys {
			_ = s.Store.Delete(context.Background(), k[0], k[1])
		}
	})
	return s
}

// deletingStore remembers what was written, for the test's clean-up to delete.
type deletingStore struct {
	keyring.Store
	mu   sync.Mutex         // guards keys
	keys map[[2]string]bool // (service, user) written
}

func (s *deletingStore) Set(ctx context.Context, service, user, secret string) error {
	s.mu.Lock()
	s.keys[[2]string{service, user}] = true
	s.mu.Unlock()
	return s.Store.Set(ctx, service, user, secret)
}

//go:build integration

// Tests against the real Windows Credential Manager, run by scripts/wine/test in a
// throwaway Wine prefix:
//
//	scripts/wine/test ./internal/keyring
//
// go-keyring keeps each entry as a generic credential named "<service>:<user>", which is
// what wincred reads back here, beside the Store.

package keyring

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/danieljoos/wincred"
)

// credential returns the secret that Credential Manager itself holds for (service, user),
// and whether it holds one.
func credential(t *testing.T, service, user string) (string, bool) {
	t.Helper()
	c, err := wincred.GetGenericCredential(service + ":" + user)
	if errors.Is(err, syscall.ERROR_NOT_FOUND) {
		return "", false
	}
	if err != nil {
		t.Fatalf("reading the credential %s:%s: %v", service, user, err)
	}
	if c.UserName != user {
		t.Errorf("credential %s:%s has user name %q", service, user, c.UserName)
	}
	return string(c.CredentialBlob), true
}

func TestCredentialManagerSetGetOverwriteDelete(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "alice") })

	if _, err := s.Get(ctx, svc, "alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: %v, want ErrNotFound", err)
	}
	for _, secret := range []string{"first", "second 第二"} {
		if err := s.Set(ctx, svc, "alice", secret); err != nil {
			t.Fatalf("Set(%q): %v", secret, err)
		}
		if got, ok := credential(t, svc, "alice"); !ok || got != secret {
			t.Errorf("Credential Manager holds %q, %v; want %q", got, ok, secret)
		}
		if got, err := s.Get(ctx, svc, "alice"); err != nil || got != secret {
			t.Errorf("Get = %q, %v; want %q", got, err, secret)
		}
	}
	if err := s.Delete(ctx, svc, "alice"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, ok := credential(t, svc, "alice"); ok {
		t.Error("the credential is still there after Delete")
	}
	if err := s.Delete(ctx, svc, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
}

// The largest entry MaxSize allows is stored whole by Credential Manager, whose limit on
// a credential (2560 bytes) MaxSize is; one byte more is refused before it gets there.
func TestCredentialManagerTakesTheLargestEntry(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "erin") })

	fits := strings.Repeat("x", MaxSize-len(svc)-len("erin")-1)
	if err := s.Set(ctx, svc, "erin", fits); err != nil {
		t.Fatalf("Set of an entry of %d bytes: %v", MaxSize-1, err)
	}
	if got, ok := credential(t, svc, "erin"); !ok || got != fits {
		t.Fatalf("Credential Manager holds %d bytes, %v; want the %d-byte secret", len(got), ok, len(fits))
	}
	if err := s.Set(ctx, svc, "erin", fits+"y"); !errors.Is(err, ErrTooBig) {
		t.Fatalf("Set of an entry of %d bytes: %v, want ErrTooBig", MaxSize, err)
	}
	if got, err := s.Get(ctx, svc, "erin"); err != nil || got != fits {
		t.Errorf("Get = %d bytes, %v; want the %d-byte secret unchanged", len(got), err, len(fits))
	}
}

//go:build integration

package keyring

import (
	"os"
	"testing"
	"time"
)

// realStore returns the OS keyring, and fails the test outside a keyring of the tests'
// own: these tests must never touch a developer's own keyring. scripts/with-keyring
// makes one on Linux (a private gnome-keyring), scripts/wine/test on Windows (the
// Credential Manager of a throwaway Wine prefix); both set ATOMGIT_TEST_KEYRING.
func realStore(t *testing.T) *System {
	t.Helper()
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" {
		t.Fatal("ATOMGIT_TEST_KEYRING is not set: run the integration tests through " +
			"scripts/with-keyring, e.g. scripts/with-keyring go test -race -tags integration ./internal/keyring/, " +
			"or for Windows through scripts/wine/test")
	}
	return NewSystem(WithTimeout(time.Minute))
}

// testService is a service name of the test's own, so tests cannot see each
// other's entries.
func testService(t *testing.T) string {
	return "atomgit-login-test/" + t.Name()
}

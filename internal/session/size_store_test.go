//go:build !(integration && windows)

package session

import (
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// sizeTestStore is the store the size test writes to: memory, where it counts the sizes
// that every system's keyring would get.
func sizeTestStore(*testing.T) keyring.Store { return &keyring.Memory{} }

//go:build !linux

package keyring

import (
	"context"
	"errors"
)

// ErrNoSessionBus is never the answer outside Linux: the keyring there needs no D-Bus.
var ErrNoSessionBus = errors.New("keyring: no D-Bus session bus")

// SecretService is what a look at the Secret Service found; outside Linux there is none.
type SecretService struct {
	Bus      string
	Provided bool
	Locked   bool
}

// ProbeSecretService has nothing to look at outside Linux: the keyring is Windows'
// Credential Manager or macOS's Keychain. It returns errors.ErrUnsupported.
func ProbeSecretService(context.Context) (SecretService, error) {
	return SecretService{}, errors.ErrUnsupported
}

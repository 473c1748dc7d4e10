//go:build !linux

package keyring

// quickGet has no short cut outside Linux: go-keyring's Get is one call to the Keychain
// or the Credential Manager there.
func quickGet(service, user string) (string, error) { return "", errUndecided }

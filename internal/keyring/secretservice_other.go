//go:build !linux

package keyring

import gokeyring "github.com/zalando/go-keyring"

// quickGet has no short cut outside Linux: go-keyring's Get is one call to the Keychain
// or the Credential Manager there.
func quickGet(service, user string) (string, error) { return "", errUndecided }

// fullGet is go-keyring's Get: the Keychain and the Credential Manager know an entry by
// its service and user alone, so there is nothing else to match.
func fullGet(service, user string) (string, error) { return gokeyring.Get(service, user) }

// deleteEntry is go-keyring's Delete: there is one item an entry there.
func deleteEntry(service, user string) error { return gokeyring.Delete(service, user) }

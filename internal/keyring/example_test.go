package keyring_test

import (
	"context"
	"errors"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func Example() {
	ctx := context.Background()
	// Use keyring.NewSystem() for the OS keyring.
	var store keyring.Store = new(keyring.Memory)

	_, err := store.Get(ctx, "atomgit-login", "refresh-token")
	fmt.Println(errors.Is(err, keyring.ErrNotFound))

	if err := store.Set(ctx, "atomgit-login", "refresh-token", "s3cr3t"); err != nil {
		fmt.Println(err)
	}
	secret, _ := store.Get(ctx, "atomgit-login", "refresh-token")
	fmt.Println(secret)

	err = store.Delete(ctx, "atomgit-login", "refresh-token")
	fmt.Println(err)
	// Output:
	// true
	// s3cr3t
	// <nil>
}

func ExampleIsUnavailable() {
	var m keyring.Memory
	m.FailNext(&keyring.UnavailableError{Reason: "the keyring is locked"})

	err := m.Set(context.Background(), "atomgit-login", "refresh-token", "s3cr3t")
	if keyring.IsUnavailable(err) {
		fmt.Println(err)
	}
	// Output:
	// keyring: set atomgit-login/refresh-token: unavailable: the keyring is locked
}

// Command keyringget is the floor the bench holds the commands to: a Go program that does
// nothing but what the keyring costs, built like the commands (no cgo, stripped).
//
//	keyringget none SERVICE USER     exit at once (process creation and the Go runtime)
//	keyringget get SERVICE USER      one go-keyring Get, as `token` does with a valid token
//	keyringget refresh SERVICE USER  a refresh's keyring work: a Get, a Get (again under the
//	                                 refresh lock, in the app), a Set of the same secret
//
// It prints the length of the secret, never the secret.
package main

import (
	"fmt"
	"os"

	"github.com/zalando/go-keyring"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: keyringget none|get|refresh SERVICE USER")
		os.Exit(2)
	}
	mode, service, user := os.Args[1], os.Args[2], os.Args[3]
	if mode == "none" {
		fmt.Println(0)
		return
	}
	secret, err := keyring.Get(service, user)
	if err != nil {
		fmt.Fprintln(os.Stderr, "keyringget:", err)
		os.Exit(1)
	}
	if mode == "refresh" {
		if secret, err = keyring.Get(service, user); err != nil {
			fmt.Fprintln(os.Stderr, "keyringget:", err)
			os.Exit(1)
		}
		if err := keyring.Set(service, user, secret); err != nil {
			fmt.Fprintln(os.Stderr, "keyringget:", err)
			os.Exit(1)
		}
	}
	fmt.Println(len(secret))
}

// Command appkeyring times the app's own keyring calls for the bench's breakdown of an
// expired token's run: the calls `token` makes, through internal/keyring (its quick
// Secret Service read, then go-keyring), in a new process, built like the commands (no
// cgo, stripped). The floor stays bench/keyringget, which uses go-keyring alone.
//
//	appkeyring none SERVICE USER     exit at once (process creation and this program's start)
//	appkeyring get SERVICE USER      one Get: a new process's first read
//	appkeyring get2 SERVICE USER     a Get, then a Get again (as under the refresh lock)
//	appkeyring refresh SERVICE USER  the two Gets, then a Set of the same secret
//
// It prints the length of the secret, never the secret.
package main

import (
	"context"
	"fmt"
	"os"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: appkeyring none|get|get2|refresh SERVICE USER")
		os.Exit(2)
	}
	mode, service, user := os.Args[1], os.Args[2], os.Args[3]
	if mode == "none" {
		fmt.Println(0)
		return
	}
	ctx, s := context.Background(), keyring.NewSystem()
	secret, err := s.Get(ctx, service, user)
	if err == nil && mode != "get" {
		secret, err = s.Get(ctx, service, user)
	}
	if err == nil && mode == "refresh" {
		err = s.Set(ctx, service, user, secret)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "appkeyring:", err)
		os.Exit(1)
	}
	fmt.Println(len(secret))
}

// Command refreshpost is the floor the bench holds a refresh's HTTP part to: a Go program
// that sends one refresh request with the app's own client (internal/atomgit) in a new
// process, built like the commands (no cgo, stripped), so that the request is timed as a
// `token` process makes it: a new connection, and code run for the first time.
//
//	refreshpost none     exit at once (process creation and this program's start)
//	refreshpost refresh  one refresh request to ATOMGIT_TOKEN_URL as ATOMGIT_CLIENT_ID
//	                     (ATOMGIT_CLIENT_SECRET), with the refresh token in
//	                     BENCH_REFRESH_TOKEN (the bench's fake server's)
//
// It prints the length of the new access token, never the token.
package main

import (
	"context"
	"fmt"
	"os"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: refreshpost none|refresh")
		os.Exit(2)
	}
	if os.Args[1] == "none" {
		fmt.Println(0)
		return
	}
	c := atomgit.Client{
		Endpoint: atomgit.Endpoint{TokenURL: os.Getenv("ATOMGIT_TOKEN_URL"), Style: atomgit.StyleJSON},
		ClientID: os.Getenv("ATOMGIT_CLIENT_ID"), ClientSecret: os.Getenv("ATOMGIT_CLIENT_SECRET"),
	}
	tok, err := c.Refresh(context.Background(), os.Getenv("BENCH_REFRESH_TOKEN"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "refreshpost:", err)
		os.Exit(1)
	}
	fmt.Println(len(tok.AccessToken))
}

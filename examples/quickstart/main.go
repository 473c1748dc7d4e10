// Command quickstart is docs/reuse.md's Go example, as it is there: with the session that
// atomgit-login keeps, it calls AtomGit's API.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"

	"atomgit.com/atomgit-login/atomgit-login/auth"
)

func main() {
	ctx := context.Background()
	cfg, err := auth.LoadConfig() // the settings atomgit-login reads: ATOMGIT_*, its config file
	if err != nil {
		log.Fatal(err)
	}
	s, err := auth.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Token(ctx); errors.Is(err, auth.ErrNotSignedIn) {
		if _, err := s.SignIn(ctx); err != nil { // in atomgit-login's window, or the browser
			log.Fatal(err)
		}
	}
	resp, err := s.Client(ctx).Get(cfg.UserURL) // with the token; a 401 is reported and retried once
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, string(body))
}

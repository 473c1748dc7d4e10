// Command whoami is a tool that uses AtomGit Login's session through the package auth:
// it prints who is signed in and calls AtomGit's API as them, signing in first when
// nobody is.
//
//	whoami               sign in if needed; print the account; call the API once
//	whoami -calls 50     … and call it 50 times at once
//	whoami -watch        print the status each time it changes, anywhere, until Ctrl-C
//	whoami -logout       sign out (for every program)
//
// Its settings are atomgit-login's (ATOMGIT_*, its config file): try it against the
// stand-in, `atomgit-login demo-server`, whose settings it prints to export.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"sync"

	"atomgit.com/atomgit-login/atomgit-login/auth"
)

func main() {
	calls := flag.Int("calls", 1, "how many API calls to make at once")
	watch := flag.Bool("watch", false, "print the status each time it changes, until interrupted")
	logout := flag.Bool("logout", false, "sign out")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *calls, *watch, *logout); err != nil {
		fmt.Fprintln(os.Stderr, "whoami:", err)
		fmt.Fprintln(os.Stderr, "whoami:", hint(err))
		os.Exit(1)
	}
}

func run(ctx context.Context, calls int, watch, logout bool) error {
	cfg, err := auth.LoadConfig()
	if err != nil {
		return err
	}
	s, err := auth.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	switch {
	case logout:
		return s.SignOut(ctx)
	case watch:
		fmt.Println(describe(s.Status()))
		s.Watch(ctx, func(st auth.Status) { fmt.Println(describe(st)) })
		<-ctx.Done()
		return nil
	}
	if _, err := s.Token(ctx); errors.Is(err, auth.ErrNotSignedIn) {
		if _, err := s.SignIn(ctx); err != nil {
			return err
		}
	}
	fmt.Println(describe(s.Status()))
	return callAPI(ctx, s, cfg.UserURL, calls)
}

// callAPI calls the user API n times at once through the session's client, and prints
// how each call went, once for all that went the same way.
func callAPI(ctx context.Context, s *auth.Session, api string, n int) error {
	client := s.Client(ctx)
	results := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = call(ctx, client, api) })
	}
	wg.Wait()
	counts := map[string]int{}
	for i := range n {
		if errs[i] != nil {
			return errs[i]
		}
		counts[results[i]]++
	}
	for result, count := range counts {
		fmt.Printf("API: %s (%d of %d calls)\n", result, count, n)
	}
	return nil
}

// call asks the user API who the token belongs to.
func call(ctx context.Context, client *http.Client, api string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, api, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var user struct{ Login string }
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&user); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s @%s", resp.Status, user.Login), nil
}

// describe says what the status is, in a line.
func describe(st auth.Status) string {
	switch {
	case st.Account != nil && st.Err == nil:
		return fmt.Sprintf("%s: %s (@%s)", st.State, st.Account.Name, st.Account.Login)
	case st.Err != nil:
		return fmt.Sprintf("%s: %v", st.State, st.Err)
	}
	return string(st.State)
}

// hint says what to do about err.
func hint(err error) string {
	switch {
	case errors.Is(err, auth.ErrSignedOutElsewhere):
		return "another program signed out; run whoami again to sign in"
	case errors.Is(err, auth.ErrGrantRevoked):
		return "the app was revoked on AtomGit, or the sign-in expired; run whoami again to sign in"
	case errors.Is(err, auth.ErrNotSignedIn):
		return "not signed in; run whoami again to sign in"
	case errors.Is(err, auth.ErrKeyringLocked):
		return "unlock the system keyring and try again"
	case errors.Is(err, auth.ErrKeyringUnavailable):
		return "no system keyring here: ATOMGIT_STORAGE=file keeps the session in a private file"
	case errors.Is(err, auth.ErrOffline):
		return "AtomGit cannot be reached now; try again later"
	case errors.Is(err, auth.ErrMisconfigured):
		return "fix the setting named above (atomgit-login config shows them all)"
	}
	return "see the error above"
}

package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"golang.org/x/oauth2"
)

// A program opens the session of its OAuth app, signs the person in if nobody is, and
// calls AtomGit's API with the session's client.
func Example() {
	ctx := context.Background()
	cfg, _ := standIn() // in a program: cfg, err := auth.LoadConfig(), or a Config of its own
	s, err := auth.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Token(ctx); errors.Is(err, auth.ErrNotSignedIn) {
		a, err := s.SignIn(ctx) // in atomgit-login's window, or here in the browser
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("signed in as", a.Login)
	}
	resp, err := s.Client(ctx).Get(cfg.UserURL)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var user struct{ Login, Name string }
	if err := json.NewDecoder(resp.Body).Decode(&user); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, user.Name)
	// Output:
	// signed in as demo
	// 200 OK Demo User
}

// The session's client reports a token that AtomGit refuses, and sends the request once
// more with a new one: the program sees the answer to that.
func ExampleSession_Client() {
	ctx := context.Background()
	cfg, atomgit := standIn()
	s := signedIn(ctx, cfg) // auth.Open, then Session.SignIn, as in the package's example
	defer s.Close()
	atomgit.RevokeAccess() // AtomGit stops honouring the access token
	resp, err := s.Client(ctx).Get(cfg.UserURL)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status, "after", atomgit.Stats().Refreshes, "refresh")
	// Output: 200 OK after 1 refresh
}

// A program is told of a sign-out made by another program (here another Session of the
// same app; atomgit-login logout does the same).
func ExampleSession_Watch() {
	ctx := context.Background()
	cfg, _ := standIn()
	s := signedIn(ctx, cfg) // auth.Open, then Session.SignIn, as in the package's example
	defer s.Close()
	changed := make(chan auth.Status, 10)
	s.Watch(ctx, func(st auth.Status) { changed <- st })

	other, err := auth.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer other.Close()
	if err := other.SignOut(ctx); err != nil {
		log.Fatal(err)
	}

	for st := range changed {
		if st.State == auth.StateSignedOut {
			fmt.Println(st.State, errors.Is(st.Err, auth.ErrSignedOutElsewhere))
			break
		}
	}
	// Output: signed_out true
}

// The session as an oauth2.TokenSource, for the API clients that take one.
func ExampleSession_TokenSource() {
	ctx := context.Background()
	cfg, _ := standIn()
	s := signedIn(ctx, cfg) // auth.Open, then Session.SignIn, as in the package's example
	defer s.Close()
	client := oauth2.NewClient(ctx, s.TokenSource(ctx))
	resp, err := client.Get(cfg.UserURL)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output: 200 OK
}

// A program branches on why there is no token, with errors.Is; the error itself says
// it for people.
func ExampleSession_Token() {
	ctx := context.Background()
	cfg, atomgit := standIn()
	s := signedIn(ctx, cfg) // auth.Open, then Session.SignIn, as in the package's example
	defer s.Close()
	atomgit.RevokeAll()                                          // the person revokes the app on AtomGit
	if resp, err := s.Client(ctx).Get(cfg.UserURL); err == nil { // 401: the report finds the grant revoked
		resp.Body.Close()
	}
	_, err := s.Token(ctx)
	switch {
	case errors.Is(err, auth.ErrGrantRevoked):
		fmt.Println("sign in again:", err)
	case errors.Is(err, auth.ErrNotSignedIn):
		fmt.Println("sign in:", err)
	case errors.Is(err, auth.ErrOffline):
		fmt.Println("try again later:", err)
	case err != nil:
		fmt.Println(err)
	}
	// Output: sign in again: auth: the sign-in has ended (revoked on AtomGit, or expired): AtomGit said: The refresh token is invalid or has been revoked
}

// LoadConfig reads the settings that atomgit-login reads, so that a program and
// atomgit-login sign in to the same OAuth app with nothing more to configure.
func ExampleLoadConfig() {
	cfg, err := auth.LoadConfig()
	if err != nil {
		log.Fatal(err) // names the setting that is wrong, as the person gave it
	}
	cfg.AppName = "Acme Deploy" // named on the sign-in's pages
	s, err := auth.Open(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
}

// Package auth gives a Go program the AtomGit sign-in of AtomGit Login: the person signs
// in once, in AtomGit Login's window or in their browser, and every program that uses
// the same OAuth app on the same AtomGit host shares that session — atomgit-login's
// window and commands, its git credential helper, and this program. The tokens stay in
// the system keyring (or, when asked, a private file); they are refreshed ahead of
// expiry, once at a time across every process on the machine; a sign-out anywhere ends
// the session everywhere.
//
// A program opens the session of its OAuth app, from the settings atomgit-login reads
// (LoadConfig) or from a Config of its own, and asks it for what Go API clients take: a
// token (Session.Token), an oauth2.TokenSource, or an *http.Client that adds the token to
// the requests for the AtomGit API and, when AtomGit answers 401, reports the refused
// token (as `atomgit-login token --refused` does) and sends the request once more with
// the new one:
//
//	cfg, err := auth.LoadConfig()
//	if err != nil {
//		return err
//	}
//	s, err := auth.Open(ctx, cfg)
//	if err != nil {
//		return err
//	}
//	defer s.Close()
//	if _, err := s.Token(ctx); errors.Is(err, auth.ErrNotSignedIn) {
//		if _, err := s.SignIn(ctx); err != nil {
//			return err
//		}
//	}
//	resp, err := s.Client(ctx).Get(cfg.UserURL)
//
// Errors a program branches on are the Err… values, with errors.Is; each error carries a
// sentence for people (*Error). A Session is safe for concurrent use.
//
// To try a program without AtomGit, run the stand-in `atomgit-login demo-server` and
// export the settings it prints (docs/reuse.md).
package auth

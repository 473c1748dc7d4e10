package auth_test

import (
	"context"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/internal/authtest"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestMain gives the package's tests and examples a cache and config folder of their own.
func TestMain(m *testing.M) { authtest.Main(m) }

// standIn is the Config of an OAuth app on a stand-in AtomGit for an example, and the
// stand-in (authtest.StandIn): sign-ins go through the browser, in which the person
// approves.
func standIn() (auth.Config, *fakeatomgit.Server) { return authtest.StandIn() }

// signedIn opens the session of cfg and signs the person in, for the examples that show
// what comes after.
func signedIn(ctx context.Context, cfg auth.Config) *auth.Session {
	s, err := auth.Open(ctx, cfg)
	if err != nil {
		panic(err)
	}
	if _, err := s.SignIn(ctx); err != nil {
		panic(err)
	}
	return s
}

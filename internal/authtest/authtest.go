// Package authtest is what the tests and examples of the public packages (auth,
// auth/wailsauth) share: folders of their own, and a stand-in AtomGit with an OAuth app
// on it.
package authtest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// Main runs a package's tests and examples (its TestMain calls it) with a cache and config
// folder of their own, so that nothing they do reaches the person's (the realm's lock and
// change signal), and exits.
func Main(m *testing.M) {
	dir, err := os.MkdirTemp("", "auth-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, v := range []string{"XDG_CACHE_HOME", "LocalAppData", "XDG_CONFIG_HOME", "AppData"} {
		os.Setenv(v, filepath.Join(dir, v))
	}
	os.Unsetenv("ATOMGIT_CONFIG")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// StandIn is the Config of an OAuth app on a stand-in AtomGit for an example, and the
// stand-in: in a program, the Config comes from auth.LoadConfig or is the program's
// own. Its session is kept in a file of its own, and a sign-in goes through the browser,
// in which the person approves.
func StandIn() (auth.Config, *fakeatomgit.Server) {
	srv := fakeatomgit.New(fakeatomgit.Options{})
	ts := httptest.NewServer(srv)
	dir, err := os.MkdirTemp("", "auth-example-")
	if err != nil {
		panic(err)
	}
	return auth.Config{
		ClientID: fakeatomgit.DefaultClientID, ClientSecret: fakeatomgit.DefaultClientSecret,
		RedirectURI:  "http://127.0.0.1:0/callback",
		AuthorizeURL: ts.URL + "/login/oauth/authorize", TokenURL: ts.URL + "/login/oauth/access_token", UserURL: ts.URL + "/user/info",
		Storage: "file", TokenFile: filepath.Join(dir, "tokens.json"),
		Browser: true,
		OpenURL: func(url string) { go (&fakeatomgit.Browser{}).Approve(context.Background(), url) },
	}, srv
}

package signin

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// world is a stand-in AtomGit and the Env of an OAuth app on it, with a memory keyring
// and a cache folder of the test's (so tests using it cannot run in parallel).
func world(t *testing.T) (*wiring.Env, *fakeatomgit.Server) {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("LocalAppData", cache)
	srv := fakeatomgit.New(fakeatomgit.Options{})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := config.Given(map[string]string{
		"client_id": fakeatomgit.DefaultClientID, "client_secret": fakeatomgit.DefaultClientSecret,
		"redirect_uri":  "http://127.0.0.1:0/callback",
		"authorize_url": ts.URL + "/login/oauth/authorize", "token_url": ts.URL + "/login/oauth/access_token", "user_url": ts.URL + "/user/info",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &wiring.Env{Config: c, Store: &keyring.Memory{}, Getenv: func(string) string { return "" }}, srv
}

// approve plays the person in the system browser: they approve on AtomGit's page. The
// browser may still be reading the callback's answer when the sign-in has ended and
// taken its context with it; what it sees then no longer matters, so only errors met
// while the sign-in is going on fail the test. The test waits for the browser to end.
func approve(t *testing.T) func(context.Context, session.Start) {
	var browsers sync.WaitGroup
	t.Cleanup(browsers.Wait)
	return func(ctx context.Context, start session.Start) {
		browsers.Go(func() {
			if err := (&fakeatomgit.Browser{}).Approve(ctx, start.URL); err != nil && ctx.Err() == nil {
				t.Error(err)
			}
		})
	}
}

// With no window, the sign-in runs in the system browser: the account comes back, and
// it is stored for every other process.
func TestRunInTheBrowserStoresTheAccount(t *testing.T) {
	env, _ := world(t)
	a, err := Run(t.Context(), Options{Env: env, Browse: approve(t)})
	if err != nil || a == nil || a.Login != fakeatomgit.DefaultUsername {
		t.Fatalf("Run: %+v, %v", a, err)
	}
	if got, err := stored(t.Context(), env); err != nil || got.Login != a.Login {
		t.Errorf("stored: %+v, %v", got, err)
	}
}

// Ending the context of a sign-in in the browser cancels it.
func TestRunInTheBrowserIsCancelledWithItsContext(t *testing.T) {
	env, _ := world(t)
	ctx, cancel := context.WithCancel(t.Context())
	_, err := Run(ctx, Options{Env: env, Browse: func(context.Context, session.Start) { cancel() }})
	var f *Failed
	if !errors.As(err, &f) || !f.Cancelled() {
		t.Errorf("Run with its context ended: %v", err)
	}
}

// A window opened to sign in is read from the store once it has closed; one that closed
// with nobody signed in is ErrNoSignIn.
func TestRunInANewWindowReadsWhatItStored(t *testing.T) {
	env, _ := world(t)
	noWindow := func(ctx context.Context) error { return nil }
	if _, err := Run(t.Context(), Options{Env: env, Window: noWindow}); !errors.Is(err, ErrNoSignIn) {
		t.Errorf("a window that signed nobody in: %v", err)
	}
	browse := approve(t)
	signsIn := func(ctx context.Context) error { // the person signs in in the new window
		_, err := Run(ctx, Options{Env: env, Browser: true, Browse: browse})
		return err
	}
	a, err := Run(t.Context(), Options{Env: env, Window: signsIn})
	if err != nil || a.Login != fakeatomgit.DefaultUsername {
		t.Errorf("a window that signed in: %+v, %v", a, err)
	}
}

// A window program that fails says why, in the words it gave the person; one that signs
// in exits 0; one still open when the caller stops waiting is asked to close.
func TestRunWindowProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in window is a shell script")
	}
	script := func(body string) string {
		path := filepath.Join(t.TempDir(), "window")
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	failing := script(`echo "level=INFO msg=window" >&2; echo "atomgit-login: sign-in cancelled" >&2; exit 1`)
	err := RunWindowProgram(t.Context(), failing, nil, "s3cret")
	var wf *WindowFailed
	if !errors.As(err, &wf) || wf.Code != 1 || wf.Said != "sign-in cancelled" {
		t.Errorf("a failing window: %v", err)
	}
	out := filepath.Join(t.TempDir(), "seen")
	ok := script(`echo "$ATOMGIT_CLIENT_SECRET $*" > ` + out)
	if err := RunWindowProgram(t.Context(), ok, []string{"login", "--client-id=id"}, "s3cret"); err != nil {
		t.Fatal(err)
	}
	if seen, _ := os.ReadFile(out); strings.TrimSpace(string(seen)) != "s3cret login --client-id=id" {
		t.Errorf("the window program got %q", seen)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	open := script(`trap 'exit 0' INT; while :; do sleep 0.05; done`)
	if err := RunWindowProgram(ctx, open, nil, ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a window the caller stopped waiting for: %v", err)
	}
}

package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// Signed out, Token says so; after SignIn, Token is the session's access token, and the
// status names the account.
func TestTokenAfterSignIn(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.open()
	if tok, err := s.Token(t.Context()); tok != "" || !errors.Is(err, ErrNotSignedIn) {
		t.Fatalf("Token before a sign-in: %q, %v", tok, err)
	}
	if st := s.Status(); st.State != StateSignedOut || !errors.Is(st.Err, ErrNotSignedIn) {
		t.Errorf("status before a sign-in: %+v", st)
	}
	a, err := s.SignIn(t.Context())
	if err != nil || a.Login != fakeatomgit.DefaultUsername || a.Name != "Demo User" {
		t.Fatalf("SignIn: %+v, %v", a, err)
	}
	tok, err := s.Token(t.Context())
	if err != nil || !strings.HasPrefix(tok, "atu_") {
		t.Fatalf("Token: %q, %v", tok, err)
	}
	st := s.Status()
	if st.State != StateSignedIn || st.Account == nil || st.Account.Login != a.Login || st.Err != nil || !st.ExpiresAt.After(w.clock.Now()) {
		t.Errorf("status: %+v", st)
	}
	if n := w.settled().Refreshes; n != 0 {
		t.Errorf("%d refreshes for a fresh token", n)
	}
}

// At expiry (by the session's clock), Token refreshes first: one refresh for many calls.
func TestTokenIsRefreshedAtExpiry(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{RotateRefresh: true})
	s := w.signIn()
	old, _ := s.Token(t.Context())
	w.clock.Add(8 * time.Hour) // the access token has expired
	var toks [20]string
	errs := make(chan error, len(toks))
	for i := range toks {
		go func() {
			var err error
			toks[i], err = s.Token(t.Context())
			errs <- err
		}()
	}
	for range toks {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range toks {
		if tok == old || tok != toks[0] {
			t.Fatalf("tokens after expiry: %q, old %q", toks, old)
		}
	}
	if n := w.settled().Refreshes; n != 1 {
		t.Errorf("%d refreshes at expiry, want 1", n)
	}
	if st := s.Status(); st.State != StateSignedIn || !st.ExpiresAt.After(w.clock.Now()) {
		t.Errorf("status after the refresh: %+v", st)
	}
}

// A revoked grant: Token gives no token and says so, and so does the status.
func TestARevokedGrantGivesNoToken(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	w.srv.RevokeAll()
	w.clock.Add(8 * time.Hour)
	tok, err := s.Token(t.Context())
	if tok != "" || !errors.Is(err, ErrGrantRevoked) || !errors.Is(err, ErrNotSignedIn) {
		t.Fatalf("Token with the grant revoked: %q, %v", tok, err)
	}
	if ae, ok := errors.AsType[*Error](err); !ok || ae.Kind != ErrGrantRevoked {
		t.Errorf("not an *Error of its kind: %#v", err)
	}
	if st := s.Status(); st.State != StateReauth || !errors.Is(st.Err, ErrGrantRevoked) || st.Account == nil {
		t.Errorf("status: %+v", st)
	}
	if tok, err := s.Token(t.Context()); tok != "" || !errors.Is(err, ErrGrantRevoked) {
		t.Errorf("Token again: %q, %v", tok, err)
	}
	if n := w.settled().Refreshes; n != 1 {
		t.Errorf("%d refreshes sent, want the one AtomGit refused", n)
	}
}

// A sign-out in another program reaches a watcher of this one within 2 s, as signed out
// elsewhere; the next Token says the same.
func TestASignOutElsewhereReachesAWatcher(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	seen := make(chan Status, 100)
	s.Watch(t.Context(), func(st Status) { seen <- st })
	other := w.open() // another program, with its own session of the same app
	if err := other.SignOut(t.Context()); err != nil {
		t.Fatal(err)
	}
	signedOut := time.Now()
	deadline := time.NewTimer(2 * time.Second) // the requirement, not only a guard
	defer deadline.Stop()
	for got := false; !got; {
		select {
		case st := <-seen:
			got = st.State == StateSignedOut && errors.Is(st.Err, ErrSignedOutElsewhere)
		case <-deadline.C:
			t.Fatalf("no signed-out status within 2 s; now %+v", s.Status())
		}
	}
	t.Logf("seen %v after the sign-out", time.Since(signedOut).Round(time.Millisecond))
	if _, err := s.Token(t.Context()); !errors.Is(err, ErrSignedOutElsewhere) || !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("Token after a sign-out elsewhere: %v", err)
	}
	if st := other.Status(); st.State != StateSignedOut || errors.Is(st.Err, ErrSignedOutElsewhere) {
		t.Errorf("the program that signed out: %+v", st)
	}
}

// A call right after another program's sign-out has ended fails as signed out, whether
// or not this session's follow has seen it yet.
func TestTheNextCallAfterASignOutElsewhereFails(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	for range 20 {
		other := w.open()
		if err := other.SignOut(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(t.Context()); !errors.Is(err, ErrSignedOutElsewhere) {
			t.Fatalf("Token right after a sign-out elsewhere: %v", err)
		}
		if _, err := other.SignIn(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(t.Context()); err != nil {
			t.Fatalf("Token right after a sign-in elsewhere: %v", err)
		}
		other.Close()
	}
}

// After Close nothing answers, and Close may be called again.
func TestClose(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	s := w.signIn()
	calls := make(chan Status, 10)
	s.Watch(t.Context(), func(st Status) { calls <- st })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Token(t.Context()); !errors.Is(err, errClosed) {
		t.Errorf("Token after Close: %v", err)
	}
	if err := s.SignOut(t.Context()); !errors.Is(err, errClosed) {
		t.Errorf("SignOut after Close: %v", err)
	}
	s.Watch(t.Context(), func(Status) { t.Error("a Watch after Close was called") })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	other := w.open()
	other.SignOut(t.Context()) // a change that a watcher of s would have been told of
	other.Close()
	select {
	case st := <-calls:
		t.Errorf("a watcher was called after Close: %+v", st)
	default:
	}
}

// A Config that is not right is refused before anything is read, naming the field.
func TestOpenRefusesAConfigThatIsNotRight(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	for _, tc := range []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.ClientID = "" }, "Config.ClientID"},
		{func(c *Config) { c.RedirectURI = "https://example.com/callback" }, "Config.RedirectURI"},
		{func(c *Config) { c.TokenURL = "http://example.com/token" }, "Config.TokenURL"},
		{func(c *Config) { c.Storage = "paper" }, "Config.Storage"},
		{func(c *Config) { c.APIOrigins = []string{"http://example.com"} }, "Config.APIOrigins[0]"},
		{func(c *Config) { c.APIOrigins = []string{"https://example.com/api"} }, "Config.APIOrigins[0]"},
	} {
		c := w.cfg
		tc.change(&c)
		s, err := Open(t.Context(), c)
		if s != nil || !errors.Is(err, ErrMisconfigured) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.want, err)
		}
	}
}

// LoadConfig reads atomgit-login's settings: its variables, over its config file.
func TestLoadConfigReadsTheSettingsOfAtomGitLogin(t *testing.T) {
	newWorld(t, fakeatomgit.Options{})
	file := t.TempDir() + "/config.json"
	if err := os.WriteFile(file, []byte(`{"client_id": "from-file", "client_secret": "s", "profile": "current", "app_name": "Acme"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ATOMGIT_CONFIG", file)
	t.Setenv("ATOMGIT_CLIENT_ID", "from-env")
	t.Setenv("ATOMGIT_CLIENT_SECRET", "env-secret")
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "from-env" || c.ClientSecret != "env-secret" || c.AppName != "Acme" || c.TokenRequest != "form" || !c.PKCE ||
		c.UserURL != "https://api.atomgit.com/api/v5/user" || c.Storage != "keyring" {
		t.Errorf("LoadConfig: %+v", c)
	}
	t.Setenv("ATOMGIT_REDIRECT_URI", "https://example.com/")
	if _, err := LoadConfig(); !errors.Is(err, ErrMisconfigured) || !strings.Contains(err.Error(), "ATOMGIT_REDIRECT_URI") {
		t.Errorf("a bad variable: %v", err)
	}
}

// With a display but no window program installed, SignIn goes through the browser.
func TestSignInWithoutAWindowProgramUsesTheBrowser(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	t.Setenv("DISPLAY", ":99")
	t.Setenv("PATH", t.TempDir()) // no atomgit-login, so no window beside it
	w.cfg.Browser = false
	browsed := 0
	w.cfg.OpenURL = func(url string) { browsed++; w.approve(url) }
	s := w.open()
	if a, err := s.SignIn(t.Context()); err != nil || a.Login != fakeatomgit.DefaultUsername || browsed != 1 {
		t.Fatalf("SignIn: %+v, %v, browser opened %d times", a, err, browsed)
	}
	w.cfg.WindowProgram = filepath.Join(t.TempDir(), "missing")
	s = w.open()
	if _, err := s.SignIn(t.Context()); err != nil || browsed != 2 {
		t.Fatalf("SignIn with a window program that is not there: %v, browser opened %d times", err, browsed)
	}
}

package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// fixture is the commands' world in a test: a fake AtomGit over httptest, a memory
// keyring, ATOMGIT_* settings pointing at the server, and the C locale, read through
// Deps.Getenv. It sets XDG_CACHE_HOME and LocalAppData (where the refresh lock lives),
// so tests using it cannot run in parallel.
type fixture struct {
	t     *testing.T
	srv   *fakeatomgit.Server
	ts    *httptest.Server
	mem   *keyring.Memory // the keyring, unless a test sets store
	store keyring.Store   // the keyring the commands use
	vars  map[string]string
}

func newFixture(t *testing.T) *fixture { t.Helper(); return newFixtureWith(t, fakeatomgit.Options{}) }

// newFixtureWith is newFixture with a fake AtomGit made with opts.
func newFixtureWith(t *testing.T, opts fakeatomgit.Options) *fixture {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("LocalAppData", cache) // Windows' cache folder (os.UserCacheDir)
	f := &fixture{t: t, srv: fakeatomgit.New(opts), mem: &keyring.Memory{}}
	f.store = f.mem
	f.ts = httptest.NewServer(f.srv)
	t.Cleanup(f.ts.Close)
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.vars = map[string]string{
		"ATOMGIT_CONFIG":        file,
		"ATOMGIT_CLIENT_ID":     fakeatomgit.DefaultClientID,
		"ATOMGIT_CLIENT_SECRET": fakeatomgit.DefaultClientSecret,
		"ATOMGIT_REDIRECT_URI":  "http://127.0.0.1:0/callback",
		"ATOMGIT_AUTHORIZE_URL": f.ts.URL + "/login/oauth/authorize",
		"ATOMGIT_TOKEN_URL":     f.ts.URL + "/login/oauth/access_token",
		"ATOMGIT_USER_URL":      f.ts.URL + "/user/info",
		// No system file of the machine's (an administrator's branding, say).
		"XDG_CONFIG_DIRS": filepath.Join(cache, "no-system-file"),
		"ProgramData":     filepath.Join(cache, "no-system-file"),
		// English, whatever the locale of the machine running the tests (on Windows,
		// with no locale variable, its UI language would count).
		"LC_ALL": "C",
	}
	return f
}

func (f *fixture) getenv(k string) string { return f.vars[k] }

// host is the fake server's host:port, the host git names.
func (f *fixture) host() string { return strings.TrimPrefix(f.ts.URL, "http://") }

// run runs the program with args as Main does, and returns the exit code and output.
func (f *fixture) run(args ...string) (code int, stdout, stderr string) {
	f.t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, Deps{Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store})
	return code, out.String(), errb.String()
}

// env is the Env the commands build from the fixture's settings.
func (f *fixture) env() *wiring.Env {
	f.t.Helper()
	cfg, err := (&config.Loader{Getenv: f.getenv}).Load()
	if err != nil {
		f.t.Fatal(err)
	}
	return &wiring.Env{Config: cfg, Store: f.store, Getenv: f.getenv}
}

// signIn signs the demo user in through the fake server's pages, as the window does,
// and returns the stored record.
func (f *fixture) signIn() *session.Record {
	f.t.Helper()
	ctx, cancel := context.WithCancel(f.t.Context())
	defer cancel()
	m, err := f.env().Open(ctx, wiring.SessionOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	defer m.Close() // nothing of it touches the test's folders after it
	start, err := m.BeginSignIn(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Approve(ctx, start.URL); err != nil {
		f.t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); m.Status().State != session.SignedIn; {
		if time.Now().After(deadline) {
			f.t.Fatalf("not signed in: %+v", m.Status())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return f.stored()
}

// stored is the record in the keyring.
func (f *fixture) stored() *session.Record {
	f.t.Helper()
	rec, err := f.env().Vault().Load(context.Background())
	if err != nil {
		f.t.Fatalf("stored record: %v", err)
	}
	return rec
}

// expire makes the stored access token one that expired a minute ago, issued eight hours
// before (the server still honours its refresh token).
func (f *fixture) expire() *session.Record {
	f.t.Helper()
	rec := f.stored()
	rec.RefreshedAt, rec.Token.Expiry = time.Now().Add(-8*time.Hour-time.Minute), time.Now().Add(-time.Minute)
	f.put(rec)
	return rec
}

// put replaces the stored record of the active account with rec, through the realm's
// Keeper, as every writer does: under its lock, with its change signal.
func (f *fixture) put(rec *session.Record) {
	f.t.Helper()
	k, err := f.env().Keeper()
	if err != nil {
		f.t.Fatal(err)
	}
	v := k.Accounts.Active()
	was, err := v.Load(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	if _, wrote, err := k.Put(context.Background(), v, session.Witness(was), rec); err != nil || !wrote {
		f.t.Fatalf("store the record: wrote %v, %v", wrote, err)
	}
}

// breakLock moves the cache folder, where the refresh lock goes, below a regular file:
// a lock file that cannot be made, so no refresh can run.
func (f *fixture) breakLock() {
	f.t.Helper()
	file := filepath.Join(f.t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		f.t.Fatal(err)
	}
	f.t.Setenv("XDG_CACHE_HOME", filepath.Join(file, "cache"))
	f.t.Setenv("LocalAppData", filepath.Join(file, "cache")) // Windows' cache folder
}

// signInExpired signs in and expires the access token.
func (f *fixture) signInExpired() *session.Record {
	f.signIn()
	return f.expire()
}

// refreshes is how many refresh requests the server has had.
func (f *fixture) refreshes() int { return f.srv.Stats().Refreshes }

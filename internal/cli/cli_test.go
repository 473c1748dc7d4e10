package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

func TestStatusJSONSignedIn(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()
	code, out, errs := f.run("status", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got StatusJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !got.SignedIn || !got.TokenValid || got.State != session.SignedIn || got.Login != "demo" || got.Name != "Demo User" ||
		got.Storage != session.InKeyring || got.Host != f.host() || got.Demo || got.Problem != nil {
		t.Errorf("status %+v", got)
	}
	if got.ExpiresAt == nil || got.ExpiresAt.Unix() != rec.Token.Expiry.Unix() {
		t.Errorf("expires_at %v, want %v", got.ExpiresAt, rec.Token.Expiry)
	}
	if got.RefreshExpiresAt == nil {
		t.Error("no refresh_expires_at")
	}
	// The field names are the interface for tools.
	var raw map[string]any
	json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"signed_in", "token_valid", "state", "login", "name", "expires_at", "refresh_expires_at", "storage", "host", "demo"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if strings.Contains(out, rec.Token.AccessToken) || strings.Contains(out, rec.Token.RefreshToken) {
		t.Error("status prints a token")
	}
}

// A refresh that cannot run (here the lock cannot be taken) leaves a signed-in account
// with an expired access token: status says so and exits 1, as a tool must not go on.
func TestStatusWithAnExpiredTokenThatCannotBeRefreshed(t *testing.T) {
	f := newFixture(t)
	f.signInExpired()
	f.breakLock()
	code, out, errs := f.run("status", "--json")
	var got StatusJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != ExitNo || got.TokenValid || !got.SignedIn || got.State != session.Offline {
		t.Errorf("exit %d, status %+v (stderr %q); want exit 1, signed in, token_valid false", code, got, errs)
	}
	code, out, _ = f.run("status")
	if code != ExitNo || !strings.Contains(out, "no valid access token now") || !strings.Contains(out, "(expired)") {
		t.Errorf("status: exit %d, %q", code, out)
	}
}

func TestStatusJSONSignedOut(t *testing.T) {
	f := newFixture(t)
	code, out, _ := f.run("status", "--json")
	if code != ExitNo {
		t.Errorf("exit %d, want %d", code, ExitNo)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got["signed_in"] != false || got["state"] != string(session.SignedOut) || got["host"] != f.host() {
		t.Errorf("status %v", got)
	}
	for _, k := range []string{"login", "expires_at", "refresh_expires_at"} {
		if _, ok := got[k]; ok {
			t.Errorf("%q set when signed out: %v", k, got)
		}
	}
}

func TestStatusText(t *testing.T) {
	f := newFixture(t)
	if code, out, _ := f.run("status"); code != ExitNo || !strings.Contains(out, "Not signed in to "+f.host()) {
		t.Errorf("signed out: exit %d, %q", code, out)
	}
	f.signIn()
	if code, out, _ := f.run("status"); code != ExitOK || !strings.Contains(out, "Signed in to "+f.host()+" as Demo User (@demo)") {
		t.Errorf("signed in: exit %d, %q", code, out)
	}
}

func TestStatusRefreshesWhenDue(t *testing.T) {
	f := newFixture(t)
	f.signInExpired()
	code, out, _ := f.run("status", "--json")
	var got StatusJSON
	json.Unmarshal([]byte(out), &got)
	if code != ExitOK || !got.SignedIn || f.refreshes() != 1 {
		t.Errorf("exit %d, signed in %v, %d refreshes; want 0, true, 1", code, got.SignedIn, f.refreshes())
	}
}

func TestToken(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()
	code, out, errs := f.run("token")
	if code != ExitOK || out != rec.Token.AccessToken+"\n" || errs != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want only the token", code, out, errs)
	}
	if n := f.refreshes(); n != 0 {
		t.Errorf("%d refreshes for a fresh token", n)
	}
}

func TestTokenNotSignedIn(t *testing.T) {
	f := newFixture(t)
	code, out, errs := f.run("token")
	if code != ExitNo || out != "" || !strings.Contains(errs, "not signed in to "+f.host()) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestTokenRefreshesExpired(t *testing.T) {
	f := newFixture(t)
	old := f.signInExpired()
	code, out, errs := f.run("token")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	now := f.stored()
	if now.Token.AccessToken == old.Token.AccessToken || out != now.Token.AccessToken+"\n" {
		t.Errorf("printed %q; want the refreshed token, which was stored", out)
	}
	if n := f.refreshes(); n != 1 {
		t.Errorf("%d refresh requests, want 1", n)
	}
	// The refreshed token is good for a while: the next call sends nothing.
	f.run("token")
	if n := f.refreshes(); n != 1 {
		t.Errorf("%d refresh requests after a second token, want 1", n)
	}
}

func TestTokenRevoked(t *testing.T) {
	f := newFixture(t)
	old := f.signInExpired()
	f.srv.RevokeAll()
	code, out, errs := f.run("token")
	if code != ExitNo || out != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, out)
	}
	if strings.Contains(errs, old.Token.RefreshToken) || strings.Contains(errs, old.Token.AccessToken) {
		t.Errorf("a token on stderr: %q", errs)
	}
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	code, out, errs := f.run("logout")
	if code != ExitOK || out != "" || !strings.Contains(errs, "Signed demo out of "+f.host()) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := f.env().Vault().Load(context.Background()); !errors.Is(err, session.ErrNoRecord) {
		t.Errorf("after logout the keyring gives %v", err)
	}
	if code, _, _ := f.run("status", "--json"); code != ExitNo {
		t.Errorf("status after logout: exit %d", code)
	}
	// Signing out twice is no error.
	if code, _, errs := f.run("logout"); code != ExitOK {
		t.Errorf("second logout: exit %d, %q", code, errs)
	}
	// Naming an account that is not signed in is, and says so.
	if code, _, errs := f.run("logout", "--user", "bob"); code != ExitNo || !strings.Contains(errs, "bob is not signed in here") {
		t.Errorf("logout --user bob: exit %d, %q", code, errs)
	}
	if code, _, errs := f.run("token", "--user", "bob"); code != ExitNo || !strings.Contains(errs, "bob is not signed in here") {
		t.Errorf("token --user bob: exit %d, %q", code, errs)
	}
}

func TestConfig(t *testing.T) {
	f := newFixture(t)
	if err := os.WriteFile(f.vars["ATOMGIT_CONFIG"], []byte(`{"tagline": "From the file."}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := f.run("config", "--app-name", "My Tool")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if strings.Contains(out, fakeatomgit.DefaultClientSecret) {
		t.Errorf("the client secret in clear:\n%s", out)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(out, "\n") {
		if fields := strings.Fields(line); len(fields) >= 4 {
			rows[fields[0]] = fields
		}
	}
	for _, want := range [][]string{
		{"client_secret", "ATOMGIT_CLIENT_SECRET", config.Mask(fakeatomgit.DefaultClientSecret), "env"},
		{"client_id", "ATOMGIT_CLIENT_ID", fakeatomgit.DefaultClientID, "env"},
		{"profile", "ATOMGIT_PROFILE", "2023", "default"},
		{"scopes", "ATOMGIT_SCOPES", "-", "default"},
		{"tagline", "ATOMGIT_TAGLINE", "From", "the", "file.", "file"},
		{"app_name", "ATOMGIT_APP_NAME", "My", "Tool", "flag"},
	} {
		if got := rows[want[0]]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("row %q, want %q", got, want)
		}
	}
	if !strings.Contains(out, "config file: "+f.vars["ATOMGIT_CONFIG"]) {
		t.Errorf("no config file line:\n%s", out)
	}
}

// config names the system file, and each value read from it with the file's path.
func TestConfigNamesTheSystemFile(t *testing.T) {
	f := newFixture(t)
	system := filepath.Join(f.vars["XDG_CONFIG_DIRS"], "atomgit-login", "config.json")
	if runtime.GOOS == "windows" {
		system = filepath.Join(f.vars["ProgramData"], "atomgit-login", "config.json")
	}
	if err := os.MkdirAll(filepath.Dir(system), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(system, []byte(`{"tagline": "Kept by the administrator.", "app_name": "Theirs"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.vars["ATOMGIT_CONFIG"], []byte(`{"app_name": "Mine"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := f.run("config")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := map[string]string{} // by the line's first word, spaces squeezed
	for _, line := range strings.Split(out, "\n") {
		if fields := strings.Fields(line); len(fields) > 0 {
			lines[fields[0]] = strings.Join(fields, " ")
		}
	}
	for key, suffix := range map[string]string{
		"system":   "file: " + system, // the header
		"tagline":  "Kept by the administrator. system file: " + system,
		"app_name": "Mine file",
	} {
		if !strings.HasSuffix(lines[key], suffix) {
			t.Errorf("%s line %q, want it to end in %q; config printed:\n%s", key, lines[key], suffix, out)
		}
	}
}

func TestAccountsSwitchAndUser(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	// A second account, signed in through the same code path as the window.
	env := f.env()
	m, err := env.Open(context.Background(), wiring.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	start, err := m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &fakeatomgit.Browser{Username: fakeatomgit.SecondUsername, Password: fakeatomgit.SecondPassword}
	if err := b.Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	for m.Status().State != session.SignedIn {
		runtime.Gosched()
	}
	m.Status()
	if code, out, _ := f.run("accounts"); code != ExitOK || out != "* alice (Alice Liu)\n  demo (Demo User)\n" {
		t.Fatalf("accounts: exit %d, %q", code, out)
	}
	_, demoTok, _ := f.run("token", "--user", "demo")
	_, aliceTok, _ := f.run("token")
	if demoTok == "" || aliceTok == "" || demoTok == aliceTok {
		t.Fatalf("tokens %q %q", demoTok, aliceTok)
	}
	if code, _, errs := f.run("switch", "demo"); code != ExitOK || !strings.Contains(errs, "now demo") {
		t.Fatalf("switch: exit %d, %q", code, errs)
	}
	if _, tok, _ := f.run("token"); tok != demoTok {
		t.Errorf("after switch the active token is %q, want demo's", tok)
	}
	if code, _, _ := f.run("switch", "bob"); code != ExitNo {
		t.Errorf("switch to an unknown account: exit %d", code)
	}
	if code, _, _ := f.run("token", "--user", "bob"); code != ExitNo {
		t.Errorf("token --user bob: exit %d", code)
	}
	if code, _, errs := f.run("logout"); code != ExitOK || !strings.Contains(errs, "now alice") {
		t.Errorf("logout: exit %d, %q", code, errs)
	}
	if code, out, _ := f.run("accounts", "--json"); code != ExitOK || !strings.Contains(out, `"login":"alice"`) || strings.Contains(out, `"login":"demo"`) {
		t.Errorf("accounts --json: %q", out)
	}
}

func TestPlainTextStorageOnlyWhenAskedFor(t *testing.T) {
	f := newFixture(t)
	if f.env().Config.TokenFile != "" {
		t.Fatal("plain-text storage without being asked")
	}
	f.vars["ATOMGIT_STORAGE"] = "file"
	cfg := f.env().Config
	if want := filepath.Join(filepath.Dir(f.vars["ATOMGIT_CONFIG"]), "tokens.json"); cfg.TokenFile != want {
		t.Fatalf("token file %q, want %q", cfg.TokenFile, want)
	}
	f.store = keyring.File{Path: cfg.TokenFile}
	f.signIn()
	info, err := os.Stat(cfg.TokenFile)
	// Windows has no such modes (Go reports 0666): the profile folder's ACL keeps it private.
	if err != nil || info.Mode().Perm() != 0o600 && runtime.GOOS != "windows" {
		t.Fatalf("token file: %v, %v", info.Mode(), err)
	}
	code, out, _ := f.run("status")
	if code != ExitOK || !strings.Contains(out, cfg.TokenFile+" (plain text") {
		t.Errorf("status: exit %d, %q", code, out)
	}
	code, out, _ = f.run("status", "--json")
	if code != ExitOK || !strings.Contains(out, `"storage":"file"`) {
		t.Errorf("status --json: exit %d, %q", code, out)
	}
}

// lockWatcher is a store that notes, at every read, whether the realm's lock was held.
type lockWatcher struct {
	keyring.Store
	lock string // the realm's lock file

	mu          sync.Mutex // guards reads and free
	reads, free int        // reads, and reads made while nobody held the lock
}

func (s *lockWatcher) Get(ctx context.Context, service, user string) (string, error) {
	l := privdir.NewLock(s.lock)
	took, err := l.TryLock() // flock: a second open file is refused while the first holds it
	if took {
		l.Unlock()
	}
	s.mu.Lock()
	s.reads++
	if took || err != nil {
		s.free++
	}
	s.mu.Unlock()
	return s.Store.Get(ctx, service, user)
}

// accounts reads the accounts as the window does (Keeper.List): under the realm's lock,
// so that it never sees a switch or a sign-out of another process halfway.
func TestAccountsReadsUnderTheRealmsLock(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	k, err := f.env().Keeper()
	if err != nil {
		t.Fatal(err)
	}
	w := &lockWatcher{Store: f.mem, lock: k.Lock.(session.FileLock).Path}
	f.store = w
	if code, out, errs := f.run("accounts"); code != ExitOK || out != "* demo (Demo User)\n" {
		t.Fatalf("accounts: exit %d, %q, %q", code, out, errs)
	}
	if w.reads == 0 || w.free != 0 {
		t.Errorf("accounts read the keyring %d times, %d of them without the realm's lock", w.reads, w.free)
	}
}

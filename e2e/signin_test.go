//go:build integration

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

const (
	clientID     = "e2e-client"
	clientSecret = "e2e-secret-do-not-log"
	realm        = clientID + "@127.0.0.1"
)

// world is a fake AtomGit and the environment that points the app at it.
type world struct {
	srv      *fakeatomgit.Server
	env      []string
	callback string
	cache    string // XDG_CACHE_HOME: where the app keeps the realm's lock and change signal
}

// newWorld starts a fake AtomGit with opts (its client and redirect URI are set here).
func newWorld(t *testing.T, opts fakeatomgit.Options) *world {
	t.Helper()
	preconditions(t)
	port := freePort(t)
	callback := fmt.Sprintf("http://127.0.0.1:%d/callback", port)
	opts.ClientID, opts.ClientSecret, opts.RedirectURIs = clientID, clientSecret, []string{callback}
	// Each test starts without the entries the tests share (the active account's, the
	// parked accounts' and their index), and leaves none.
	clearEntry := func() { exec.Command("secret-tool", "clear", "service", "atomgit-login").Run() }
	clearEntry()
	t.Cleanup(clearEntry)
	srv := fakeatomgit.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := srv.Start(ctx, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	a, tok, u := srv.Endpoint2023()
	home := t.TempDir()
	env := append(os.Environ(),
		"LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", // English (internal/locale)
		"XDG_CONFIG_HOME="+home+"/config", "XDG_CACHE_HOME="+home+"/cache",
		"ATOMGIT_CLIENT_ID="+clientID, "ATOMGIT_CLIENT_SECRET="+clientSecret,
		"ATOMGIT_AUTHORIZE_URL="+a, "ATOMGIT_TOKEN_URL="+tok, "ATOMGIT_USER_URL="+u,
		"ATOMGIT_REDIRECT_URI="+callback,
	)
	return &world{srv: srv, env: env, callback: callback, cache: home + "/cache"}
}

func (w *world) stats() fakeatomgit.Stats { return w.srv.Stats() }

// waitStats waits until the fake server's stats satisfy pred.
func (w *world) waitStats(t *testing.T, pred func(fakeatomgit.Stats) bool) {
	t.Helper()
	waitFake(t, func(ctx context.Context) error { return w.srv.Wait(ctx, pred) })
}

// stored reads the app's keyring entry from outside.
func stored(t *testing.T) (session.Record, bool) {
	t.Helper()
	s, ok := secret(t, "atomgit-login", realm)
	if !ok {
		return session.Record{}, false
	}
	var rec session.Record
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		t.Fatalf("the keyring entry is not a record: %v", err)
	}
	return rec, true
}

// expireStoredToken rewrites the stored session from outside as if its access token had
// expired an hour ago, so that the next command refreshes it first.
func expireStoredToken(t *testing.T) {
	t.Helper()
	rec, ok := stored(t)
	if !ok {
		t.Fatal("no stored session to expire")
	}
	now := time.Now()
	rec.RefreshedAt, rec.Token.Expiry = now.Add(-2*time.Hour), now.Add(-time.Hour)
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := keyring.NewSystem().Set(ctx, "atomgit-login", realm, string(b)); err != nil {
		t.Fatalf("expire the stored token: %v", err)
	}
}

// signInByCommand signs login in as a person at a terminal would: `atomgit-login login
// --browser`, with fakeatomgit.Browser playing the browser at the URL the command prints
// (a stub xdg-open keeps a real browser out of it). It returns once the command has
// printed the account and the fake server has finished every request.
func signInByCommand(t *testing.T, w *world, login, password string) {
	t.Helper()
	stdout, stderr, err := browserCommand(t, w.env, login, password, "login", "--browser")
	if err != nil || !strings.Contains(stdout, "(@"+login+")") {
		t.Fatalf("login --browser as %s: %v: %q %s", login, err, stdout, stderr)
	}
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
}

// browserCommand runs the program with args and env, and plays the system browser as
// login (fakeatomgit.Browser) at the first URL it prints on stderr, as the browser
// sign-in prints it. It returns what the program printed and how it ended.
func browserCommand(t *testing.T, env []string, login, password string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(env, "PATH="+noBrowser(t)+":"+os.Getenv("PATH"))
	var out bytes.Buffer
	cmd.Stdout = &out
	authorize, said := printedURL(t, cmd)
	if authorize != "" {
		if err := (&fakeatomgit.Browser{Username: login, Password: password}).Approve(ctx, authorize); err != nil {
			t.Errorf("%v as %s: the browser: %v", args, login, err)
		}
	}
	stderr = said()
	err = cmd.Wait()
	return out.String(), stderr, err
}

// printedURL starts cmd and reads its stderr until it prints an address to open (a line
// of its own, indented: "  http…"), and returns that address ("" when it printed none).
// said returns all of stderr once cmd has closed it.
func printedURL(t *testing.T, cmd *exec.Cmd) (address string, said func() string) {
	t.Helper()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	sc := bufio.NewScanner(pipe)
	for address == "" && sc.Scan() {
		fmt.Fprintln(&errb, sc.Text())
		if u, ok := strings.CutPrefix(sc.Text(), "  "); ok && strings.HasPrefix(u, "http") {
			address = u
		}
	}
	rest := make(chan struct{})
	go func() { io.Copy(&errb, pipe); close(rest) }()
	return address, func() string { <-rest; return errb.String() }
}

// TestSignInInTheWindow is the person's whole path: sign in by typing into AtomGit's
// login page inside the app's window, approve, see the account; restart and stay signed
// in; then Deny, and a callback with a wrong state, neither of which stores anything.
func TestSignInInTheWindow(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})

	// 1. Signed out: the sign-in button has the focus; Enter opens AtomGit's page.
	a := startApp(t, "signin", w.env)
	a.waitShown("signed_out")
	screenshot(t, "1-signed-out")
	focusWindow(t)
	keys(t, "Return")

	// 2. AtomGit's login page, in the window: type the demo credentials.
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	screenshot(t, "2-atomgit-login-page")
	logIn(t)

	// 3. The authorize page: Allow has the focus.
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	screenshot(t, "3-atomgit-authorize-page")
	keys(t, "Return")

	// 4. Back in the app, signed in.
	a.waitShown("signed_in")
	screenshot(t, "4-signed-in")
	st, code := status(t, w.env)
	if code != 0 || !st.SignedIn || st.Login != "demo" || st.Name != "Demo User" || st.ExpiresAt == nil || st.Storage != "keyring" {
		t.Fatalf("status --json = %+v (exit %d)", st, code)
	}
	rec, ok := stored(t)
	if !ok || rec.Token.AccessToken == "" || rec.Token.RefreshToken == "" || rec.Account.Login != "demo" {
		t.Fatalf("keyring entry = %+v, %v", rec, ok)
	}
	if s := w.stats(); s.Exchanges != 1 || s.UserCalls != 1 {
		t.Errorf("fake AtomGit saw %+v", s)
	}
	for _, secret := range []string{rec.Token.AccessToken, rec.Token.RefreshToken, clientSecret} {
		if strings.Contains(a.log.all(), secret) {
			t.Error("the app's log holds a token or the client secret")
		}
	}

	// 5. Restart: still signed in, with no sign-in page.
	a.stop()
	logins := w.stats().LoginPages
	a = startApp(t, "restart", w.env)
	a.waitShown("signed_in")
	screenshot(t, "5-restarted-signed-in")
	if got := w.stats(); got.LoginPages != logins || got.Exchanges != 1 {
		t.Errorf("restart went through AtomGit again: %+v", got)
	}
	a.stop()

	// 6. Deny: signed out with the reason, nothing stored.
	if _, stderr, code := run(t, w.env, "logout"); code != 0 {
		t.Fatalf("logout: exit %d: %s", code, stderr)
	}
	if _, ok := stored(t); ok {
		t.Fatal("logout left the keyring entry")
	}
	a = startApp(t, "deny", w.env)
	a.waitShown("signed_out")
	focusWindow(t)
	before := w.stats()
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool {
		return s.AuthorizeShown > before.AuthorizeShown || s.LoginShown > before.LoginShown
	})
	if w.stats().LoginShown > before.LoginShown { // the web session did not survive the restart
		logIn(t)
		w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	}
	keys(t, "Tab", "Return") // Deny
	line := a.waitLog("msg=shown", "state=error ")
	screenshot(t, "6-denied")
	if w.stats().Denials != 1 || w.stats().Exchanges != 1 {
		t.Errorf("after Deny the fake saw %+v", w.stats())
	}
	if st, code := status(t, w.env); code != 1 || st.SignedIn {
		t.Errorf("after Deny: status %+v, exit %d", st, code)
	}
	if _, ok := stored(t); ok {
		t.Error("Deny stored something")
	}
	_ = line

	// 7. A page in the window that navigates to the callback with a wrong state (not from
	// AtomGit): the window takes the navigation, refuses it and logs it; nothing is stored,
	// and the attempt goes on: Esc then ends it.
	focusWindow(t)
	before = w.stats()
	forged := w.callback + "?code=forged&state=not-the-state"
	w.srv.SetFault(fakeatomgit.RouteAuthorize, fakeatomgit.Fault{
		Status: http.StatusOK, ContentType: "text/html; charset=utf-8", Times: 1,
		Body: `<!doctype html><title>Forger</title><script>location.replace(` + strconv.Quote(forged) + `)</script>`,
	})
	keys(t, "Return") // Retry
	a.waitLog("ignored a request on the callback path", "reason=state_mismatch", "via=webview")
	screenshot(t, "7-wrong-state")
	if w.stats().Exchanges != before.Exchanges {
		t.Error("a forged code was exchanged")
	}
	if _, ok := stored(t); ok {
		t.Error("a forged callback stored something")
	}
	focusWindow(t)
	keys(t, "Escape")
	a.waitLog("msg=status", "state=signed_out", "problem=cancelled") // it was still under way
	a.waitShown("signed_out")
}

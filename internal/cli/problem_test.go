package cli

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/contract"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Every code the backend can send, read from its source, has its own words: a new code
// fails here until it has them.
func TestEveryProblemCodeHasASentence(t *testing.T) {
	codes, err := contract.ProblemCodes("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		for _, l := range []lang{english, chinese} {
			if clause, ok := l.problemClause(code); !ok || clause == "" {
				t.Errorf("problem code %q has no words in problemClauses (zh: %v)", code, l.zh)
			}
			if got := l.problemText(&session.Problem{Code: code}); got == "" || strings.HasSuffix(got, ": ") || strings.HasSuffix(got, "：") {
				t.Errorf("problemText(%q) (zh: %v) = %q", code, l.zh, got)
			}
		}
	}
	for _, c := range problemClauses {
		if !slices.Contains(codes, c.code) {
			t.Errorf("problemClauses has words for %q, which the backend does not send", c.code)
		}
	}
}

func TestProblemTextIsNeverEmpty(t *testing.T) {
	for _, tc := range []struct {
		p    *session.Problem
		want string
	}{
		{nil, "something went wrong"},
		{&session.Problem{}, "something went wrong"},
		{&session.Problem{Code: "teapot"}, "something went wrong (teapot)"},
		{&session.Problem{Code: "teapot", Detail: "418"}, "something went wrong (teapot): 418"},
		{&session.Problem{Code: session.CodeNetwork, Detail: "no such host"}, "AtomGit cannot be reached: no such host"},
		{&session.Problem{Code: session.CodePortInUse, Detail: "127.0.0.1:8765", Setting: "ATOMGIT_REDIRECT_URI"},
			"another program uses the callback address: 127.0.0.1:8765; change ATOMGIT_REDIRECT_URI and register the new URL with the OAuth app"},
	} {
		if got := english.problemText(tc.p); got != tc.want {
			t.Errorf("problemText(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestWhyNot(t *testing.T) {
	ada := &session.Account{Login: "ada", Name: "Ada"}
	revoked := &session.Problem{Code: session.CodeInvalidGrant}
	for _, tc := range []struct {
		name   string
		st     session.Status
		err    error
		signIn string
		want   string
	}{
		{"signed out", session.Status{State: session.SignedOut}, session.ErrNoRecord, "atomgit-login",
			"not signed in to h; sign in with: atomgit-login"},
		{"signed out of the demo", session.Status{State: session.SignedOut}, session.ErrNoRecord, "atomgit-login login --browser --demo",
			"not signed in to the demo AtomGit; sign in with: atomgit-login login --browser --demo"},
		{"keyring", session.Status{State: session.SignedOut, StorageProblem: &session.Problem{Code: session.CodeKeyringTimeout}}, session.ErrNoRecord, "atomgit-login",
			"cannot read the stored sign-in: the system keyring did not answer in time (is it locked?)"},
		{"revoked", session.Status{State: session.Reauth, Account: ada, Error: revoked}, errors.New("x"), "atomgit-login",
			"the session of Ada (@ada) on h has ended: the grant was revoked or has expired; sign in again with: atomgit-login"},
		{"revoked, nobody named", session.Status{State: session.Reauth}, nil, "atomgit-login",
			"the session on h has ended: something went wrong; sign in again with: atomgit-login"},
		{"sign-in failed", session.Status{State: session.Failed, Error: &session.Problem{Code: "state_mismatch"}}, nil, "atomgit-login",
			"sign-in to h failed: the answer did not belong to this sign-in, so nothing was stored; please try again"},
		{"offline", session.Status{State: session.Offline, Account: ada, Error: &session.Problem{Code: session.CodeServer}}, errors.New("x"), "atomgit-login",
			"cannot refresh the token for h: AtomGit had a problem; try again in a moment"},
		{"only an error", session.Status{State: session.SignedIn, Account: ada}, errors.New("context canceled"), "atomgit-login",
			"no token for h: context canceled"},
		{"nothing", session.Status{State: session.SignedIn, Account: ada}, nil, "atomgit-login", "no token for h"},
	} {
		env := envAt("h")
		if tc.signIn != "atomgit-login" {
			env.Demo, env.NoWindow = true, func() bool { return true }
		}
		if got := english.whyNot(tc.st, tc.err, env); got != tc.want {
			t.Errorf("%s: whyNot = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The hint names the window only where one can open: a desktop (always on Windows and
// macOS; on Linux and the BSDs a DISPLAY or WAYLAND_DISPLAY), and a window build.
func TestSignInCommand(t *testing.T) {
	for _, tc := range []struct {
		name     string
		vars     map[string]string
		noWindow bool
		demo     bool
		want     string
	}{
		{"X11", map[string]string{"DISPLAY": ":0"}, false, false, "atomgit-login"},
		{"Wayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false, false, "atomgit-login"},
		{"demo", map[string]string{"DISPLAY": ":0"}, false, true, "atomgit-login --demo"},
		{"no display", nil, false, false, "atomgit-login login --browser"},
		{"no display, demo", nil, false, true, "atomgit-login login --browser --demo"},
		{"no window build", map[string]string{"DISPLAY": ":0"}, true, false, "atomgit-login login --browser"},
	} {
		env := &wiring.Env{Getenv: func(k string) string { return tc.vars[k] }, NoWindow: func() bool { return tc.noWindow }, Demo: tc.demo}
		want := tc.want
		if (runtime.GOOS == "windows" || runtime.GOOS == "darwin") && !tc.noWindow {
			want = strings.Replace(want, " login --browser", "", 1)
		}
		if got := signInCommand(env); got != want {
			t.Errorf("%s: signInCommand = %q, want %q", tc.name, got, want)
		}
	}
}

// Through the commands: with no display, or no window to open, "not signed in" says to
// sign in through the browser.
func TestNotSignedInHintFollowsTheDesktop(t *testing.T) {
	window := func(context.Context, *wiring.Env) error { return nil }
	for _, tc := range []struct {
		name    string
		display string
		desktop func(context.Context, *wiring.Env) error
		want    string
	}{
		{"desktop", ":0", window, "sign in with: atomgit-login\n"},
		{"no display", "", window, "sign in with: atomgit-login login --browser\n"},
		{"no window build", ":0", nil, "sign in with: atomgit-login login --browser\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
				t.Skip("always a desktop")
			}
			f := newFixture(t)
			f.vars["DISPLAY"] = tc.display
			for _, cmd := range []string{"status", "token", "accounts"} {
				var out, errb bytes.Buffer
				code := Main([]string{cmd}, Deps{Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store, Desktop: tc.desktop})
				if got := out.String() + errb.String(); code != ExitNo || !strings.HasSuffix(got, tc.want) {
					t.Errorf("%s: exit %d, output %q; want exit %d ending in %q", cmd, code, got, ExitNo, tc.want)
				}
			}
		})
	}
}

// envAt is the Env of a command for AtomGit at host, on a desktop where the window opens.
func envAt(host string) *wiring.Env {
	c := &config.Config{Endpoint: atomgit.Endpoint{AuthorizeURL: "https://" + host + "/login/oauth/authorize"}}
	return &wiring.Env{Config: c, Getenv: func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] }}
}

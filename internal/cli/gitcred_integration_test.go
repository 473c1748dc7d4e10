//go:build integration

// Real git against the helper, with the real keyring shared by the test and the helper
// process. Run inside the private session that scripts/with-keyring sets up:
//
//	scripts/with-keyring go test -tags integration -run Git ./internal/cli/
//
// The helper is this test binary: started with ATOMGIT_LOGIN_AS_PROGRAM=1 it runs Main
// instead of the tests (TestMain, main_test.go), so setup-git configures git to run it.

package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// realGit is a fixture on the real keyring whose settings are in the process
// environment, so that git and the helper it starts see them too. git's global config is
// a file of the test's own, and git never prompts.
func realGit(t *testing.T) *fixture {
	t.Helper()
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" {
		t.Fatal("ATOMGIT_TEST_KEYRING is not set: run the integration tests through " +
			"scripts/with-keyring, e.g. scripts/with-keyring go test -tags integration -run Git ./internal/cli/")
	}
	gitHome(t)
	f := newFixture(t) // sets XDG_CACHE_HOME: the test and the helper share the refresh lock
	f.store = keyring.NewSystem(keyring.WithTimeout(time.Minute))
	for k, v := range f.vars {
		t.Setenv(k, v)
	}
	t.Setenv(asProgram, "1")
	t.Setenv("GIT_TERMINAL_PROMPT", "0")
	t.Setenv("GIT_ASKPASS", "")
	t.Setenv("SSH_ASKPASS", "")
	f.clear()
	t.Cleanup(f.clear)

	// setup-git, run as the program, points git at this binary.
	var stderr bytes.Buffer
	cmd := exec.Command(os.Args[0], "setup-git")
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil {
		t.Fatalf("setup-git: %v: %s%s", err, out, stderr.String())
	}
	return f
}

// gitCredential runs `git credential ACTION` with input and returns its output.
func gitCredentialCmd(t *testing.T, action, input string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "credential", action)
	cmd.Stdin = strings.NewReader(input)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// attrs reads git's key=value output.
func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

func TestRealGitCredential(t *testing.T) {
	f := realGit(t)
	rec := f.signIn()
	request := "protocol=http\nhost=" + f.host() + "\n\n"

	out, errs, err := gitCredentialCmd(t, "fill", request)
	if err != nil {
		t.Fatalf("git credential fill: %v: %s", err, errs)
	}
	got := attrs(out)
	if got["username"] != GitUsername || got["password"] != rec.Token.AccessToken {
		t.Fatalf("git got username %q and the stored token: %v; output:\n%s", got["username"], got["password"] == rec.Token.AccessToken, out)
	}
	if f.refreshes() != 0 {
		t.Fatalf("%d refreshes for a fresh token", f.refreshes())
	}

	// approve (store) changes nothing.
	if _, errs, err := gitCredentialCmd(t, "approve", out); err != nil || f.refreshes() != 0 {
		t.Fatalf("git credential approve: %v, %s; %d refreshes", err, errs, f.refreshes())
	}

	// git was refused with that token: reject (erase) refreshes it at once, and the
	// next fill gets the new token without another refresh.
	if _, errs, err := gitCredentialCmd(t, "reject", out); err != nil {
		t.Fatalf("git credential reject: %v: %s", err, errs)
	}
	if n := f.refreshes(); n != 1 {
		t.Fatalf("%d refreshes after reject, want 1", n)
	}
	now := f.stored()
	if now.Token.AccessToken == rec.Token.AccessToken {
		t.Fatal("the stored token was not refreshed")
	}
	out, errs, err = gitCredentialCmd(t, "fill", request)
	if err != nil {
		t.Fatalf("second fill: %v: %s", err, errs)
	}
	if got := attrs(out); got["password"] != now.Token.AccessToken {
		t.Errorf("second fill: not the refreshed token")
	}
	if n := f.refreshes(); n != 1 {
		t.Errorf("%d refreshes after the second fill, want 1", n)
	}

	// Another host gets nothing from us: git has no helper left and may not prompt.
	out, errs, err = gitCredentialCmd(t, "fill", "protocol=https\nhost=example.com\n\n")
	if err == nil || strings.Contains(out, now.Token.AccessToken) || strings.Contains(errs, now.Token.AccessToken) {
		t.Errorf("fill for another host: %v, stdout %q", err, out)
	}
}

func TestRealGitNotSignedIn(t *testing.T) {
	f := realGit(t)
	out, errs, err := gitCredentialCmd(t, "fill", "protocol=http\nhost="+f.host()+"\n\n")
	if err == nil || strings.Contains(out, "password=") {
		t.Errorf("fill without a session: %v, stdout %q; want a failure (no prompt allowed)", err, out)
	}
	if !strings.Contains(errs, "not signed in to "+f.host()) {
		t.Errorf("git's stderr %q: want our hint", errs)
	}
}

// In a Chinese locale the hint git passes on is in Chinese, and what git reads is the
// same token as in English.
func TestRealGitInChinese(t *testing.T) {
	f := realGit(t)
	request := "protocol=http\nhost=" + f.host() + "\n\n"
	t.Setenv("LC_ALL", "zh_CN.UTF-8")
	_, errs, err := gitCredentialCmd(t, "fill", request)
	if err == nil || !strings.Contains(errs, "尚未登录 "+f.host()) {
		t.Errorf("fill without a session: %v, git's stderr %q; want our hint in Chinese", err, errs)
	}
	rec := f.signIn()
	var answers []string
	for _, locale := range []string{"zh_CN.UTF-8", "C"} {
		t.Setenv("LC_ALL", locale)
		out, errs, err := gitCredentialCmd(t, "fill", request)
		if err != nil || attrs(out)["password"] != rec.Token.AccessToken {
			t.Fatalf("fill in %s: %v: %s", locale, err, errs)
		}
		answers = append(answers, out)
	}
	if answers[0] != answers[1] {
		t.Errorf("git read %q in Chinese, %q in English", answers[0], answers[1])
	}
}

// clear removes whatever the active account has stored, through the realm's Keeper.
func (f *fixture) clear() {
	f.t.Helper()
	k, err := f.env().Keeper()
	if err != nil {
		f.t.Fatal(err)
	}
	if _, _, err := k.SignOut(context.Background(), ""); err != nil {
		f.t.Fatal(err)
	}
}

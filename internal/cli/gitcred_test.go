package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func TestReadCredential(t *testing.T) {
	tests := []struct {
		name, in string
		want     credential
	}{
		{"git's request", "protocol=https\nhost=atomgit.com\n\n", credential{Protocol: "https", Host: "atomgit.com"}},
		{"end of input instead of a blank line", "protocol=https\nhost=atomgit.com", credential{Protocol: "https", Host: "atomgit.com"}},
		{"all known keys", "protocol=http\nhost=127.0.0.1:8080\npath=o/r.git\nusername=oauth2\npassword=p\n",
			credential{Protocol: "http", Host: "127.0.0.1:8080", Path: "o/r.git", Username: "oauth2", Password: "p"}},
		{"unknown keys ignored", "capability[]=authtype\nprotocol=https\nwwwauth[]=Basic realm=\"x\"\nhost=atomgit.com\npassword_expiry_utc=1\n",
			credential{Protocol: "https", Host: "atomgit.com"}},
		{"a value holding =", "protocol=https\nhost=atomgit.com\npassword=a=b==\n", credential{Protocol: "https", Host: "atomgit.com", Password: "a=b=="}},
		{"stops at the blank line", "protocol=https\n\nhost=evil.example\n", credential{Protocol: "https"}},
		{"CRLF", "protocol=https\r\nhost=atomgit.com\r\n\r\n", credential{Protocol: "https", Host: "atomgit.com"}},
		{"url split into parts", "url=https://alice@atomgit.com:443/o/r.git\n", credential{Protocol: "https", Host: "atomgit.com:443", Path: "o/r.git", Username: "alice"}},
		{"empty", "", credential{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readCredential(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReadCredentialBadLine(t *testing.T) {
	_, err := readCredential(strings.NewReader("protocol=https\nsecret-without-equals\n"))
	if err == nil {
		t.Fatal("no error for a line without =")
	}
	if strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %q: want the line number and not the line", err)
	}
}

func TestOriginMatches(t *testing.T) {
	https := gitOrigin{Scheme: "https", Host: "atomgit.com"}
	local := gitOrigin{Scheme: "http", Host: "127.0.0.1:8080"}
	tests := []struct {
		origin gitOrigin
		c      credential
		want   bool
	}{
		{https, credential{Protocol: "https", Host: "atomgit.com"}, true},
		{https, credential{Protocol: "HTTPS", Host: "AtomGit.com"}, true},
		{https, credential{Protocol: "https", Host: "atomgit.com:443"}, true},
		{https, credential{Protocol: "https", Host: "atomgit.com:8443"}, false},
		{https, credential{Protocol: "http", Host: "atomgit.com"}, false}, // never send a token in clear text
		{https, credential{Protocol: "ssh", Host: "atomgit.com"}, false},
		{https, credential{Protocol: "https", Host: "api.atomgit.com"}, false},
		{https, credential{Protocol: "https", Host: "atomgit.com.evil.example"}, false},
		{https, credential{Protocol: "https", Host: "github.com"}, false},
		{https, credential{Protocol: "https"}, false},
		{https, credential{Host: "atomgit.com"}, false},
		{local, credential{Protocol: "http", Host: "127.0.0.1:8080"}, true},
		{local, credential{Protocol: "https", Host: "127.0.0.1:8080"}, true},
		{local, credential{Protocol: "http", Host: "127.0.0.1:8081"}, false},
		{local, credential{Protocol: "http", Host: "127.0.0.1"}, false},
	}
	for _, tt := range tests {
		if got := tt.origin.matches(tt.c); got != tt.want {
			t.Errorf("%v matches %+v = %v, want %v", tt.origin, tt.c, got, tt.want)
		}
	}
}

func TestOriginOf(t *testing.T) {
	for _, tt := range []struct{ authorize, want string }{
		{"https://atomgit.com/login/oauth/authorize", "https://atomgit.com"},
		{"https://AtomGit.com:443/oauth/authorize", "https://atomgit.com"},
		{"http://127.0.0.1:8080/login/oauth/authorize", "http://127.0.0.1:8080"},
	} {
		c := &config.Config{}
		c.Endpoint.AuthorizeURL = tt.authorize
		got, err := originOf(c)
		if err != nil || got.String() != tt.want {
			t.Errorf("originOf(%s) = %v, %v; want %s", tt.authorize, got, err, tt.want)
		}
	}
}

// helper runs one git-credential operation against the fixture.
func (f *fixture) helper(op, input string) (stdout, stderr string, err error) {
	f.t.Helper()
	var out, errb bytes.Buffer
	err = gitCredential(f.t.Context(), f.env(), op, strings.NewReader(input), &out, &errb, english)
	return out.String(), errb.String(), err
}

// request is git's description of the fixture's host.
func (f *fixture) request(extra ...string) string {
	return "protocol=http\nhost=" + f.host() + "\n" + strings.Join(extra, "") + "\n"
}

func TestGitCredentialGet(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()
	out, errs, err := f.helper("get", f.request())
	if err != nil || errs != "" {
		t.Fatalf("get: %v, stderr %q", err, errs)
	}
	want := fmt.Sprintf("username=oauth2\npassword=%s\npassword_expiry_utc=%d\n", rec.Token.AccessToken, rec.Token.Expiry.Unix())
	if out != want {
		t.Errorf("get answered\n%s\nwant\n%s", out, want)
	}
	if n := f.refreshes(); n != 0 {
		t.Errorf("%d refreshes for a fresh token", n)
	}
}

func TestGitCredentialGetUsername(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	for _, tt := range []struct{ user, want string }{
		{"demo", "username=demo\n"},     // the signed-in login is echoed
		{"oauth2", "username=oauth2\n"}, // so is the username we give
		{"someone-else", ""},            // another account: silent, another helper may know it
	} {
		out, errs, err := f.helper("get", f.request("username="+tt.user+"\n"))
		if err != nil || errs != "" {
			t.Fatalf("get as %s: %v, stderr %q", tt.user, err, errs)
		}
		if got, _, _ := strings.Cut(out, "password="); got != tt.want {
			t.Errorf("get as %s: username line %q, want %q", tt.user, got, tt.want)
		}
	}
}

// TestGitCredentialOtherHosts: requests for other hosts and protocols are answered by
// silence, without reading the keyring.
func TestGitCredentialOtherHosts(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	probe := errors.New("probe: the keyring was read")
	for _, in := range []string{
		"protocol=https\nhost=github.com\n\n",
		"protocol=http\nhost=127.0.0.1:1\n\n",
		"protocol=ssh\nhost=" + f.host() + "\n\n",
		"host=" + f.host() + "\n\n",
		"protocol=http\nhost=" + f.host() + ".evil.example\n\n",
	} {
		for _, op := range []string{"get", "erase", "store"} {
			f.mem.FailNext(probe)
			out, errs, err := f.helper(op, in+"password=x\n")
			if err != nil || out != "" || errs != "" {
				t.Errorf("%s %q: %v, stdout %q, stderr %q; want silence", op, in, err, out, errs)
			}
			if _, err := f.env().Vault().Load(context.Background()); !errors.Is(err, probe) {
				t.Errorf("%s %q read the keyring", op, in)
			}
		}
	}
}

func TestGitCredentialGetNotSignedIn(t *testing.T) {
	f := newFixture(t)
	out, errs, err := f.helper("get", f.request())
	if err != nil || out != "" {
		t.Fatalf("get: %v, stdout %q; want no answer", err, out)
	}
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "not signed in to "+f.host()) || !strings.Contains(errs, "atomgit-login") {
		t.Errorf("stderr %q: want one line saying how to sign in", errs)
	}
}

func TestGitCredentialGetKeyringProblem(t *testing.T) {
	f := newFixture(t)
	f.mem.FailNext(&keyring.UnavailableError{Reason: "no Secret Service"})
	out, errs, err := f.helper("get", f.request())
	if err != nil || out != "" {
		t.Fatalf("get: %v, stdout %q; want no answer", err, out)
	}
	if !strings.Contains(errs, "keyring") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q: want one line about the keyring", errs)
	}
}

func TestGitCredentialGetRefreshesWhenDue(t *testing.T) {
	f := newFixture(t)
	old := f.signInExpired()
	out, errs, err := f.helper("get", f.request())
	if err != nil || errs != "" {
		t.Fatalf("get: %v, stderr %q", err, errs)
	}
	now := f.stored()
	if now.Token.AccessToken == old.Token.AccessToken {
		t.Fatal("the stored token was not refreshed")
	}
	if !strings.Contains(out, "password="+now.Token.AccessToken+"\n") {
		t.Errorf("get answered %q, want the refreshed token", out)
	}
	if !strings.Contains(out, fmt.Sprintf("password_expiry_utc=%d\n", now.Token.Expiry.Unix())) {
		t.Errorf("get answered %q, want the new expiry", out)
	}
	if n := f.refreshes(); n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}

func TestGitCredentialGetRevoked(t *testing.T) {
	f := newFixture(t)
	old := f.signInExpired()
	f.srv.RevokeAll()
	out, errs, err := f.helper("get", f.request())
	if err != nil || out != "" {
		t.Fatalf("get: %v, stdout %q; want no answer", err, out)
	}
	if !strings.Contains(errs, "sign in again") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q: want one line asking to sign in again", errs)
	}
	if strings.Contains(errs, old.Token.AccessToken) || strings.Contains(errs, old.Token.RefreshToken) {
		t.Error("a token on stderr")
	}
}

func TestGitCredentialErase(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()

	// Another password than the current token: an old one, nothing to do.
	if out, errs, err := f.helper("erase", f.request("username=oauth2\n", "password=not-the-token\n")); err != nil || out != "" || errs != "" {
		t.Fatalf("erase of another password: %v, %q, %q", err, out, errs)
	}
	if n := f.refreshes(); n != 0 {
		t.Fatalf("%d refreshes after erasing another password", n)
	}

	// The current token was refused: refresh it now, keep the session.
	if out, errs, err := f.helper("erase", f.request("username=oauth2\n", "password="+rec.Token.AccessToken+"\n")); err != nil || out != "" || errs != "" {
		t.Fatalf("erase: %v, %q, %q", err, out, errs)
	}
	if n := f.refreshes(); n != 1 {
		t.Fatalf("%d refreshes after erase, want 1", n)
	}
	now := f.stored()
	if now.Token.AccessToken == rec.Token.AccessToken || now.Account.Login != "demo" {
		t.Fatalf("after erase: token refreshed %v, account %q", now.Token.AccessToken != rec.Token.AccessToken, now.Account.Login)
	}
	out, _, _ := f.helper("get", f.request())
	if !strings.Contains(out, "password="+now.Token.AccessToken+"\n") {
		t.Errorf("get after erase answered %q, want the new token", out)
	}
	if n := f.refreshes(); n != 1 {
		t.Errorf("%d refreshes, want still 1", n)
	}
}

func TestGitCredentialStore(t *testing.T) {
	f := newFixture(t)
	rec := f.signIn()
	out, errs, err := f.helper("store", f.request("username=oauth2\n", "password=something-else\n"))
	if err != nil || out != "" || errs != "" {
		t.Fatalf("store: %v, %q, %q", err, out, errs)
	}
	if f.stored().Token.AccessToken != rec.Token.AccessToken || f.refreshes() != 0 {
		t.Error("store changed the session")
	}
}

func TestGitCredentialUnknownOperation(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	out, errs, err := f.helper("frobnicate", f.request())
	if err != nil || out != "" || errs != "" {
		t.Errorf("unknown operation: %v, %q, %q; want silence", err, out, errs)
	}
}

func TestGitCredentialUsage(t *testing.T) {
	f := newFixture(t)
	if code, out, errs := f.run("git-credential"); code != ExitUsage || out != "" || !strings.Contains(errs, "get, store or erase") {
		t.Errorf("git-credential without an operation: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := f.run("git-credential", "--demo"); code != ExitUsage {
		t.Errorf("git-credential --demo: exit %d, stderr %q", code, errs)
	}
}

package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// secretFile writes the fixture's client secret, with a line break, to a file and takes
// the secret out of the fixture's environment.
func (f *fixture) secretFile(content string) string {
	f.t.Helper()
	delete(f.vars, "ATOMGIT_CLIENT_SECRET")
	path := filepath.Join(f.t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		f.t.Fatal(err)
	}
	return path
}

// The secret read from the file is the one AtomGit checks: a refresh succeeds with it.
func TestClientSecretFile(t *testing.T) {
	f := newFixture(t)
	f.signInExpired()
	path := f.secretFile(fakeatomgit.DefaultClientSecret + "\n")
	code, out, errs := f.run("token", "--client-secret-file", path)
	if code != ExitOK || out == "" || f.refreshes() != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q, %d refreshes", code, out, errs, f.refreshes())
	}
	code, out, errs = f.run("config", "--client-secret-file", path)
	if code != ExitOK || strings.Contains(out, fakeatomgit.DefaultClientSecret) || !strings.Contains(out, config.Mask(fakeatomgit.DefaultClientSecret)) {
		t.Errorf("config: exit %d, stderr %q; want the secret masked:\n%s", code, errs, out)
	}
}

func TestClientSecretFromStandardInput(t *testing.T) {
	f := newFixture(t)
	f.signInExpired()
	f.secretFile("")
	var out, errb bytes.Buffer
	code := Main([]string{"token", "--client-secret-file", "-"}, Deps{
		Stdin: strings.NewReader(fakeatomgit.DefaultClientSecret + "\n"), Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store,
	})
	if code != ExitOK || f.refreshes() != 1 {
		t.Fatalf("exit %d, stderr %q, %d refreshes", code, errb.String(), f.refreshes())
	}
}

func TestEmptyClientSecretFile(t *testing.T) {
	f := newFixture(t)
	path := f.secretFile("\n")
	code, _, errs := f.run("status", "--client-secret-file", path)
	if code != ExitUsage || !strings.Contains(errs, "--client-secret-file") || !strings.Contains(errs, "empty") {
		t.Errorf("exit %d, stderr %q; want %d and a message naming --client-secret-file", code, errs, ExitUsage)
	}
}

func TestClientSecretFlagWarns(t *testing.T) {
	f := newFixture(t)
	code, _, errs := f.run("config", "--client-secret", "x")
	if code != ExitOK || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "visible to other users in ps") ||
		!strings.Contains(errs, "--client-secret-file") {
		t.Errorf("exit %d, stderr %q; want one line of warning", code, errs)
	}
	if _, _, errs := f.run("config"); errs != "" {
		t.Errorf("a warning without --client-secret: %q", errs)
	}
}

// The window build is started with a command line that every user can read (ps): the
// secret must not be on it, but in the environment, which only this user can read.
func TestWindowCommandCarriesNoSecret(t *testing.T) {
	const secret = "s3cret-on-the-command-line"
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		want  []string
	}{
		{"flag and value", []string{"--client-secret", secret, "--app-name", "--client-secret"}, "", []string{"--app-name=--client-secret"}},
		{"flag=value", []string{"login", "--demo", "--client-secret=" + secret}, "", []string{"login", "--demo=true"}},
		{"single dash", []string{"-client-secret", secret, "-browser=false"}, "", []string{"--browser=false"}},
		{"standard input", []string{"--client-secret-file", "-", "--user=demo"}, secret + "\n", []string{"--user=demo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			delete(f.vars, "ATOMGIT_CLIENT_SECRET")
			var got *wiring.Env
			d := Deps{Stdin: strings.NewReader(tc.stdin), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: f.getenv, Keyring: f.store,
				Desktop: func(_ context.Context, env *wiring.Env) error { got = env; return nil }}
			Main(tc.args, d)
			if got == nil {
				t.Fatal("the window was not started")
			}
			environ := []string{"PATH=/bin", "ATOMGIT_CLIENT_SECRET=old", "ATOMGIT_CLIENT_SECRET_FILE=-"}
			args, env := WindowCommand(got, environ)
			if !slices.Equal(args, tc.want) {
				t.Errorf("args %q, want %q", args, tc.want)
			}
			for _, a := range args {
				if strings.Contains(a, secret) {
					t.Errorf("the secret on the command line: %q", args)
				}
			}
			if want := []string{"PATH=/bin", "ATOMGIT_CLIENT_SECRET=" + secret}; !slices.Equal(env, want) {
				t.Errorf("environment %q, want %q", env, want)
			}
		})
	}
}

func TestSetupGitWithASecretFile(t *testing.T) {
	gitHome(t)
	f := newFixture(t)
	path := f.secretFile(fakeatomgit.DefaultClientSecret)
	if code, _, errs := f.run("setup-git", "--client-secret-file", "-"); code != ExitUsage {
		t.Errorf("--client-secret-file -: exit %d, stderr %q; want %d (git's helper reads git's request on stdin)", code, errs, ExitUsage)
	}
	t.Chdir(filepath.Dir(path))
	if code, _, errs := f.run("setup-git", "--client-secret-file", "secret"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	got := gitOut(t, "config", "--global", "--get-all", "credential.http://"+f.host()+".helper")
	if !strings.Contains(got, " --client-secret-file="+path) || strings.Contains(got, fakeatomgit.DefaultClientSecret) {
		t.Errorf("helper %q: want the secret file's absolute path, not the secret", got)
	}
}

// git-credential reads git's request on standard input: no secret is read from there.
func TestGitCredentialReadsNoSecretFromStandardInput(t *testing.T) {
	f := newFixture(t)
	delete(f.vars, "ATOMGIT_CLIENT_SECRET")
	var out, errb bytes.Buffer
	code := Main([]string{"git-credential", "--client-secret-file", "-", "get"}, Deps{
		Stdin: strings.NewReader("protocol=http\nhost=" + f.host() + "\n\n"), Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store,
	})
	if code != ExitUsage || !strings.Contains(errb.String(), "standard input is not available") {
		t.Errorf("exit %d, stderr %q; want %d", code, errb.String(), ExitUsage)
	}
}

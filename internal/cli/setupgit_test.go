package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitHome points git's global config at a file of the test's own.
func gitHome(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	return home
}

func gitOut(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func TestSetupGit(t *testing.T) {
	gitHome(t)
	f := newFixture(t)
	section := "credential.http://" + f.host()
	for range 2 { // running it again changes nothing
		code, out, errs := f.run("setup-git")
		if code != ExitOK {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if !strings.Contains(out, "for http://"+f.host()+", in your global git config") || !strings.Contains(out, "ATOMGIT_CLIENT_ID") {
			t.Errorf("stdout:\n%s", out)
		}
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	want := "\n!" + shellQuote(exe) + " git-credential --config=" + shellQuote(f.vars["ATOMGIT_CONFIG"]) + "\n"
	if got := gitOut(t, "config", "--global", "--get-all", section+".helper"); got != want {
		t.Errorf("helpers %q, want %q (a reset, then us)", got, want)
	}
	if got := gitOut(t, "config", "--global", "--get", section+".useHttpPath"); got != "false\n" {
		t.Errorf("useHttpPath %q", got)
	}
	// Nothing for other hosts.
	if out, _ := exec.Command("git", "config", "--global", "--get-regexp", `^credential\.helper$|^credential\.https://`).Output(); len(out) != 0 {
		t.Errorf("other credential settings: %s", out)
	}
}

func TestSetupGitLocal(t *testing.T) {
	home := gitHome(t)
	f := newFixture(t)
	repo := filepath.Join(home, "repo")
	gitOut(t, "init", "-q", repo)
	t.Chdir(repo)
	if code, out, errs := f.run("setup-git", "--local"); code != ExitOK || !strings.Contains(out, "this repository's git config") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := gitOut(t, "config", "--local", "--get-all", "credential.http://"+f.host()+".helper"); !strings.Contains(got, "git-credential") {
		t.Errorf("local helpers %q", got)
	}
	if _, err := os.Stat(filepath.Join(home, ".gitconfig")); err == nil {
		t.Error("--local wrote the global config")
	}
}

func TestSetupGitRefuses(t *testing.T) {
	home := gitHome(t)
	f := newFixture(t)
	for _, args := range [][]string{
		{"setup-git", "--global", "--local"},
		{"setup-git", "--client-secret", "s3cret"},
		{"setup-git", "--demo"},
	} {
		if code, _, errs := f.run(args...); code != ExitUsage || strings.Contains(errs, "s3cret") {
			t.Errorf("%v: exit %d, stderr %q; want %d", args, code, errs, ExitUsage)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".gitconfig")); err == nil {
		t.Error("a refused setup-git wrote the git config")
	}
}

func TestSetupGitCarriesFlags(t *testing.T) {
	gitHome(t)
	f := newFixture(t)
	if code, _, errs := f.run("setup-git", "--profile=2023", "--app-name", "It's mine"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	got := gitOut(t, "config", "--global", "--get-all", "credential.http://"+f.host()+".helper")
	if !strings.Contains(got, ` --profile=2023`) || !strings.Contains(got, ` '--app-name=It'\''s mine'`) {
		t.Errorf("helper %q: want the flags given, shell-quoted", got)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/usr/bin/atomgit-login":  "/usr/bin/atomgit-login",
		"/opt/My Apps/atomgit":    "'/opt/My Apps/atomgit'",
		"it's":                    `'it'\''s'`,
		"":                        "''",
		"$(rm -rf /)":             "'$(rm -rf /)'",
		"--config=/home/a/c.json": "--config=/home/a/c.json",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// The note on settings from the environment is English for one as for several.
func TestSetupGitNotesOneVariable(t *testing.T) {
	gitHome(t)
	f := newFixture(t)
	file := map[string]string{}
	for _, s := range []string{"client_id", "client_secret", "redirect_uri", "authorize_url", "token_url", "user_url"} {
		v := "ATOMGIT_" + strings.ToUpper(s)
		file[s] = f.vars[v]
		delete(f.vars, v)
	}
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.vars["ATOMGIT_CONFIG"], data, 0o600); err != nil {
		t.Fatal(err)
	}
	f.vars["ATOMGIT_TAGLINE"] = "Signed in."
	code, out, errs := f.run("setup-git")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "Note: ATOMGIT_TAGLINE comes from the environment") || !strings.Contains(out, "so set it wherever git runs") {
		t.Errorf("stdout:\n%s", out)
	}
}

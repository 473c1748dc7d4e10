package cli

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// completionScript writes `completion SHELL`'s output to a file and returns its path.
func completionScript(t *testing.T, shell string) (path, text string) {
	t.Helper()
	code, out, errs := runPlain(t, Build{}, "completion", shell)
	if code != ExitOK || errs != "" {
		t.Fatalf("completion %s: exit %d, stderr %q", shell, code, errs)
	}
	path = filepath.Join(t.TempDir(), "atomgit-login."+shell)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, out
}

// flagWords are cmd's flags as they are typed, sorted.
func flagWords(cmd command) []string {
	var words []string
	newInvocation(cmd, english).fs.VisitAll(func(f *flag.Flag) { words = append(words, "--"+f.Name) })
	return words
}

// Every command, and every flag each one takes, is offered by each shell: the scripts are
// made from the table the command line is parsed with.
func TestCompletionOffersEveryCommandAndFlag(t *testing.T) {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	slices.Sort(names)
	for _, sh := range []string{"bash", "fish"} {
		t.Run(sh, func(t *testing.T) {
			path, _ := completionScript(t, sh)
			got := slices.DeleteFunc(complete(t, sh, path, "atomgit-login "), func(w string) bool { return w[0] == '-' })
			if slices.Sort(got); !slices.Equal(got, names) {
				t.Errorf("the commands: completes %q, want %q", got, names)
			}
			if got, want := complete(t, sh, path, "atomgit-login --"), flagWords(programCommand); !slices.Equal(got, want) {
				t.Errorf("with no command: completes %q, want %q", got, want)
			}
			for _, c := range commands() {
				if got, want := complete(t, sh, path, "atomgit-login "+c.name+" --"), flagWords(c); !slices.Equal(got, want) {
					t.Errorf("%s: completes %q, want %q", c.name, got, want)
				}
			}
		})
	}
	_, zsh := completionScript(t, "zsh")
	for _, c := range commands() {
		if !strings.Contains(zsh, "\t\t'"+c.name+":") {
			t.Errorf("zsh: no command %s", c.name)
		}
		block, ok := zshBlock(zsh, c.name)
		if !ok {
			t.Errorf("zsh: no arguments for %s", c.name)
		}
		for _, f := range flagWords(c) {
			if !strings.Contains(block, "'"+f+"[") && !strings.Contains(block, "'"+f+"=[") {
				t.Errorf("zsh: %s takes %s but the script does not offer it", c.name, f)
			}
		}
	}
}

// zshBlock is the _arguments call of name in the zsh script.
func zshBlock(script, name string) (string, bool) {
	_, after, ok := strings.Cut(script, "\n\t\t"+name+")\n")
	block, _, _ := strings.Cut(after, ";;")
	return block, ok
}

// complete is what sh's completion, with the script at path, offers for line (the last
// word is the one being completed), sorted as the shell gives it.
func complete(t *testing.T, sh, path, line string) []string {
	t.Helper()
	var cmd *exec.Cmd
	switch sh {
	case "bash":
		words := strings.Split(line, " ")
		script := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _atomgit_login; printf '%s\n' "${COMPREPLY[@]}"`
		cmd = exec.Command(shell(t, "bash"), append([]string{"-c", script, "bash", path}, words...)...)
	case "fish":
		cmd = exec.Command(shell(t, "fish"), "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, path, line)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir())
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %q: %v\n%s", sh, line, err, out)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if w, _, _ := strings.Cut(l, "\t"); w != "" {
			got = append(got, w)
		}
	}
	return got
}

// The flags the scripts complete with file names or accounts exist.
func TestCompletionFlagNamesExist(t *testing.T) {
	fs := newInvocation(programCommand, english).fs
	for _, name := range append(append([]string{}, fileFlags...), accountFlags...) {
		if fs.Lookup(name) == nil {
			t.Errorf("no flag --%s", name)
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, _, _ := runPlain(t, Build{}, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// shell is the path of a shell the test needs; without it the test is skipped, except in
// CI, where scripts/deps installs it.
func shell(t *testing.T, name string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skipf("the completion scripts are for bash, zsh and fish; they are tested on Linux")
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (scripts/deps test installs it)", name)
		}
		t.Skipf("%s is not installed (scripts/deps test installs it)", name)
	}
	return path
}

// bash parses the script, and completing a command line offers the right words.
func TestCompletionBash(t *testing.T) {
	bash := shell(t, "bash")
	path, _ := completionScript(t, "bash")
	if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	tests := []struct {
		line string // the words typed; the last one is being completed
		want string // COMPREPLY, space-separated
	}{
		{"atomgit-login sta", "status"},
		{"atomgit-login s", "status switch setup-git"},
		{"atomgit-login status --j", "--json"},
		{"atomgit-login --user alice to", "token"},                 // a flag's value is not the command
		{"atomgit-login --demo setup-git --gl", "--global"},        // flags before the command
		{"atomgit-login git-credential e", "erase"},                // its operands
		{"atomgit-login completion ", "bash zsh fish"},             // the shells
		{"atomgit-login --client-id ", ""},                         // a value: nothing to offer
		{"atomgit-login --vers", "--version"},                      // the program's own flag
		{"atomgit-login version --", ""},                           // takes no flags
		{"atomgit-login token --refused --u", "--user --user-url"}, // common flags
	}
	for _, tc := range tests {
		if got := strings.Join(complete(t, "bash", path, tc.line), " "); got != tc.want {
			t.Errorf("%q: completes %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestCompletionZsh(t *testing.T) {
	zsh := shell(t, "zsh")
	path, _ := completionScript(t, "zsh")
	if out, err := exec.Command(zsh, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
}

// fish parses the script, and fish's own completion engine, given it, offers the right
// words.
func TestCompletionFish(t *testing.T) {
	fish := shell(t, "fish")
	path, _ := completionScript(t, "fish")
	if out, err := exec.Command(fish, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("fish -n: %v\n%s", err, out)
	}
	tests := []struct{ line, want string }{
		{"atomgit-login sta", "status"},
		{"atomgit-login status --j", "--json"},
		{"atomgit-login git-credential e", "erase"},
		{"atomgit-login completion z", "zsh"},
		{"atomgit-login --vers", "--version"},
	}
	for _, tc := range tests {
		if got := strings.Join(complete(t, "fish", path, tc.line), " "); got != tc.want {
			t.Errorf("%q: completes %q, want %q", tc.line, got, tc.want)
		}
	}
}

// fakeAccounts puts on PATH an atomgit-login whose accounts command prints what the real
// one does, two accounts (with --demo, the demo's one), and returns that PATH.
func fakeAccounts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := `#!/bin/sh
[ "$1" = accounts ] || exit 2
if [ "$2" = --demo ]; then echo '* demo (Demo User)'; exit 0; fi
printf '%s\n' '* alice (Alice Liddell)' '  bob (Bob)'
`
	if err := os.WriteFile(filepath.Join(dir, "atomgit-login"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// switch and --user complete the logins `atomgit-login accounts` lists, of the demo's
// accounts when the line has --demo.
func TestCompletionOffersTheAccounts(t *testing.T) {
	t.Setenv("PATH", fakeAccounts(t))
	tests := []struct{ line, want string }{
		{"atomgit-login switch ", "alice bob"},
		{"atomgit-login switch b", "bob"},
		{"atomgit-login --user ", "alice bob"},
		{"atomgit-login token --user a", "alice"},
		{"atomgit-login --demo switch ", "demo"},
	}
	for _, sh := range []string{"bash", "fish"} {
		path, _ := completionScript(t, sh)
		for _, tc := range tests {
			got := slices.DeleteFunc(complete(t, sh, path, tc.line), func(w string) bool { return strings.HasPrefix(w, "-") })
			if strings.Join(got, " ") != tc.want {
				t.Errorf("%s: %q completes %q, want %q", sh, tc.line, got, tc.want)
			}
		}
	}
}

// zsh's helper lists the accounts' logins to _describe (stubbed here: zsh's completion
// system needs a terminal), the demo's with --demo on the line.
func TestCompletionZshAccounts(t *testing.T) {
	zsh := shell(t, "zsh")
	t.Setenv("PATH", fakeAccounts(t))
	path, _ := completionScript(t, "zsh")
	script := `compdef() { :; }; _describe() { print -r -- ${(P)4}; }; source $1; shift; words=("$@"); _atomgit_login_accounts`
	for line, want := range map[string]string{"atomgit-login switch ": "alice bob", "atomgit-login --demo switch ": "demo"} {
		out, err := exec.Command(zsh, append([]string{"-f", "-c", script, "zsh", path}, strings.Split(line, " ")...)...).CombinedOutput()
		if got := strings.TrimSpace(string(out)); err != nil || got != want {
			t.Errorf("%q: %q (%v), want %q", line, got, err, want)
		}
	}
}

package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
)

func setupGitFlags(fs *flag.FlagSet) {
	fs.Bool("global", false, "write to your global git config, ~/.gitconfig (the default)")
	fs.Bool("local", false, "write to the config of the git repository in the current folder only")
}

// runSetupGit is `setup-git`: it makes git ask this program for the credentials of the
// configured AtomGit host, and of no other host. For that host it clears the helpers
// set before (an empty helper resets git's list), adds "atomgit-login git-credential",
// and keeps credentials per host rather than per repository path.
func runSetupGit(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	if env.Demo {
		return &usageError{"setup-git does not work with --demo: the demo server lives only as long as its window"}
	}
	global, local := boolFlag(fs, "global"), boolFlag(fs, "local")
	if global && local {
		return &usageError{"use --global or --local, not both"}
	}
	scope, where := "--global", "your global git config"
	if local {
		scope, where = "--local", "this repository's git config"
	}
	origin, err := originOf(env.Config)
	if err != nil {
		return err
	}
	helper, err := helperCommand(env, fs)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("git"); err != nil {
		return fmt.Errorf("cli: setup-git: git is not installed (not found on PATH)")
	}
	section := "credential." + origin.String()
	steps := [][]string{
		{"config", scope, "--replace-all", section + ".helper", ""},
		{"config", scope, "--add", section + ".helper", helper},
		{"config", scope, section + ".useHttpPath", "false"},
	}
	for _, args := range steps {
		if err := runGit(ctx, args); err != nil {
			return err
		}
	}
	fmt.Fprintf(d.Stdout, "Configured git to ask atomgit-login for %s, in %s:\n", origin, where)
	for _, args := range steps {
		fmt.Fprintf(d.Stdout, "  %s\n", shellJoin(append([]string{"git"}, args...)))
	}
	if vars := envSettings(env.Config); len(vars) > 0 {
		come, them := "come", "them"
		if len(vars) == 1 {
			come, them = "comes", "it"
		}
		fmt.Fprintf(d.Stdout, "\nNote: %s %s from the environment; git runs the helper with its own environment,\n"+
			"so set %s wherever git runs, or put %s in the config file (%s).\n", strings.Join(vars, ", "), come, them, them, env.Config.File)
	}
	return nil
}

// helperCommand is the helper as git's config holds it: a shell snippet ("!") that runs
// this executable by its absolute path, with the settings given as flags now (git adds
// the operation). A client secret given as a flag is refused: it would be written into
// git's config in plain text.
func helperCommand(env *wiring.Env, fs *flag.FlagSet) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cli: setup-git: find this program: %w", err)
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	args := []string{exe, "git-credential"}
	if def, err := config.DefaultFile(env.Getenv); err != nil || env.Config.File != def {
		args = append(args, "--config="+absPath(env.Config.File))
	}
	var secret bool
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "global", "local", "demo", "config":
		case "client-secret":
			secret = true
		case "client-secret-file":
			args = append(args, "--client-secret-file="+absPath(f.Value.String()))
		default:
			args = append(args, "--"+f.Name+"="+f.Value.String())
		}
	})
	if f := fs.Lookup("client-secret-file"); f != nil && f.Value.String() == "-" {
		return "", &usageError{"setup-git cannot pass on --client-secret-file -: git gives its helper its own standard input; " +
			"name a file instead"}
	}
	if secret {
		return "", &usageError{"setup-git would write --client-secret into git's config in plain text: " +
			"give the secret in the config file or in ATOMGIT_CLIENT_SECRET instead"}
	}
	return "!" + shellJoin(args), nil
}

// absPath is path from the root, as git runs its helper in the repository's folder.
func absPath(path string) string {
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return path
}

// envSettings lists the variables that settings came from.
func envSettings(c *config.Config) []string {
	var vars []string
	for _, v := range c.Values() {
		if v.Source == config.FromEnv {
			vars = append(vars, v.Env)
		}
	}
	return vars
}

func runGit(ctx context.Context, args []string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("cli: setup-git: %s: %s", shellJoin(append([]string{"git"}, args...)), msg)
	}
	return nil
}

// shellJoin quotes each word for a POSIX shell where it needs it and joins them.
func shellJoin(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

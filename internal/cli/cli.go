// Package cli is the program's entry: the commands other tools call (status, token,
// logout, config) and the start of the window. One place maps errors to exit codes and
// messages.
package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitNo    = 1 // not signed in, or the command failed
	ExitUsage = 2 // bad arguments or settings
)

// Deps are the outside world; tests replace parts of it.
type Deps struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Keyring is the OS keyring when nil.
	Keyring keyring.Store
	// Desktop runs the window until it closes. Nil where there is no window.
	Desktop func(ctx context.Context, env *wiring.Env) error
}

// usageError is a mistake in the command line: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// exitError carries an exit code with a message already written, or none.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

type command struct {
	name, summary string
	args          string // the operands it takes, for its usage line ("get|store|erase"); empty: none
	run           func(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error
	flags         func(fs *flag.FlagSet) // command flags besides the settings
}

func commands() []command {
	return []command{
		{name: "login", summary: "sign in (in the window, or --browser in the system browser) and print the account", run: runLogin},
		{name: "status", summary: "show who is signed in (--json for tools); exit 1 when nobody is", run: runStatus, flags: jsonFlag},
		{name: "token", summary: "print a valid access token, refreshing it first when due (--refused: AtomGit refused the token on stdin)", run: runToken, flags: refusedFlag},
		{name: "logout", summary: "sign the active account (or --user) out: delete its stored tokens", run: runLogout},
		{name: "accounts", summary: "list the signed-in accounts; * marks the active one", run: runAccounts, flags: jsonFlag},
		{name: "switch", summary: "make another signed-in account the active one", run: runSwitch, args: "LOGIN"},
		{name: "config", summary: "show the effective settings and where each came from", run: runConfig},
		{name: "git-credential", summary: "git's credential helper for AtomGit (get, store, erase; see setup-git)", run: runGitCredential, args: "get|store|erase"},
		{name: "setup-git", summary: "make git use this login for the AtomGit host (--global, the default, or --local)", run: runSetupGit, flags: setupGitFlags},
	}
}

// Main runs the program with args (without the program name) and returns the exit code.
func Main(args []string, d Deps) int {
	if d.Stdin == nil {
		d.Stdin = os.Stdin
	}
	if d.Stdout == nil {
		d.Stdout = os.Stdout
	}
	if d.Stderr == nil {
		d.Stderr = os.Stderr
	}
	if d.Getenv == nil {
		d.Getenv = os.Getenv
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, args, d)
	var ue *usageError
	var ce *config.Error
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue), errors.As(err, &ce):
		fmt.Fprintf(d.Stderr, "atomgit-login: %v\n", err)
		return ExitUsage
	case errors.Is(err, session.ErrNoAccount):
		fmt.Fprintf(d.Stderr, "atomgit-login: %s is not signed in here; see: atomgit-login accounts\n", displayText(strings.TrimPrefix(err.Error(), session.ErrNoAccount.Error()+": ")))
		return ExitNo
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(d.Stderr, "atomgit-login: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(d.Stderr, "atomgit-login: %v\n", err)
	return ExitNo
}

func run(ctx context.Context, args []string, d Deps) error {
	var cmd *command
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		for _, c := range commands() {
			if c.name == args[0] {
				cmd = &c
			}
		}
		if args[0] == "help" {
			usage(d.Stdout)
			return nil
		}
		if cmd == nil {
			return &usageError{fmt.Sprintf("unknown command %q (see atomgit-login --help)", args[0])}
		}
		args = args[1:]
	}
	name := "atomgit-login"
	if cmd != nil {
		name += " " + cmd.name
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(d.Stderr)
	loader := config.AddFlags(fs)
	loader.Getenv = d.Getenv
	demo := fs.Bool("demo", false, "use the built-in demo AtomGit (no account, no network)")
	user := fs.String("user", "", "use this signed-in account instead of the active one")
	if cmd != nil && cmd.flags != nil {
		cmd.flags(fs)
	}
	fs.Usage = func() {
		if cmd == nil {
			usage(d.Stderr)
		} else {
			fmt.Fprintf(d.Stderr, "usage: %s [flags] %s\n\n%s.\n\nFlags:\n", name, cmd.args, cmd.summary)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 && (cmd == nil || cmd.args == "") {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if f := fs.Lookup("client-secret"); f != nil && f.Value.String() != "" {
		fmt.Fprintln(d.Stderr, "atomgit-login: warning: --client-secret is visible to other users in ps; "+
			"use --client-secret-file or ATOMGIT_CLIENT_SECRET")
	}
	if cmd == nil || cmd.name != "git-credential" { // git's request comes on its stdin
		loader.Stdin = d.Stdin
	}
	cfg, err := loader.Load()
	if err != nil {
		return err
	}
	store := d.Keyring
	switch {
	case store != nil:
	case cfg.TokenFile != "":
		store = keyring.File{Path: cfg.TokenFile}
	default:
		store = keyring.NewSystem(keyring.WithTimeout(2 * time.Minute))
	}
	env := &wiring.Env{Config: cfg, Store: store, Demo: *demo, Getenv: d.Getenv, User: *user, NoWindow: d.Desktop == nil}
	env.WindowArgs = windowArgs(cmd, fs)
	if cmd != nil {
		return cmd.run(ctx, env, fs, d)
	}
	if d.Desktop == nil {
		return &exitError{code: ExitNo, msg: "there is no window here (this build has none, and none is installed beside it); " +
			"use a command (see --help), and sign in with: " + signInCommand(env)}
	}
	return openWindow(ctx, env, d)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `atomgit-login signs you into AtomGit in its own window and keeps you signed in.

usage:
  atomgit-login [--demo] [flags]     open the window
  atomgit-login COMMAND [flags]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Every setting can come from a flag, an ATOMGIT_* variable or the config file
(see "atomgit-login config"). Run "atomgit-login COMMAND --help" for a command's flags.
`)
}

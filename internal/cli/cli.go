// Package cli is the program's entry: the commands other tools call (status, token,
// logout, config) and the start of the window. One place maps errors to exit codes and
// messages.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
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
	// Keyring, when not nil, keeps the tokens instead of the store the settings choose
	// (tests: a keyring.Memory).
	Keyring keyring.Store
	// Desktop runs the window until it closes. Nil where there is no window.
	Desktop func(ctx context.Context, env *wiring.Env) error
	// DesktopMissing, when not nil, reports that Desktop cannot run after all (the
	// commands-only build with no window installed beside it). It is asked only when the
	// answer is used (opening the window, a message that says how to sign in), never on
	// the way to a token: looking for the window costs system calls at every start.
	DesktopMissing func() bool
	// CheckWindow reports whether the window build can open its display, without opening
	// a window (a *desktop.DisplayError when it cannot): diagnose asks it. Nil: not known.
	CheckWindow func(ctx context.Context) error
	// lang is the language of the sentences for people: Main sets it from Getenv.
	lang lang
	// Build is what the version command prints; its empty fields are read from the
	// binary's build information when it runs.
	Build Build
}

// noDesktop reports that this program cannot open the window.
func (d Deps) noDesktop() bool {
	return d.Desktop == nil || d.DesktopMissing != nil && d.DesktopMissing()
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
	d.lang = langOf(d.Getenv)
	err := run(context.Background(), args, d)
	var ue *usageError
	var ce *config.Error
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(d.Stderr, "atomgit-login: %v\n", err)
		return ExitUsage
	case errors.As(err, &ce):
		// config's words are English; in Chinese a start says what they are about.
		fmt.Fprintf(d.Stderr, "atomgit-login: %s\n", d.lang.f("%v", "设置有误：%v", err))
		return ExitUsage
	case errors.Is(err, session.ErrNoAccount):
		login := displayText(strings.TrimPrefix(err.Error(), session.ErrNoAccount.Error()+": "))
		fmt.Fprintf(d.Stderr, "atomgit-login: %s\n", d.lang.notHere(login))
		return ExitNo
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(d.Stderr, "atomgit-login: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(d.Stderr, "atomgit-login: %s\n", d.lang.failure(err))
	return ExitNo
}

// failure says in the language l why a command failed, when it failed with err rather
// than with words of its own. In English that is err as it is; in Chinese a problem
// known to session (the keyring, the lock) is said in Chinese, and another keeps its
// English after a Chinese start.
func (l lang) failure(err error) string {
	if !l.zh {
		return err.Error()
	}
	if p := session.ProblemOf(err); p.Code != session.CodeInternal {
		return l.problemText(p)
	}
	return l.f("failed: %v", "失败：%v", err)
}

// run parses args, loads the settings (but for a plain command) and runs the command.
func run(ctx context.Context, args []string, d Deps) error {
	in, err := parse(args, d)
	if err != nil {
		return err
	}
	c := call{d: d, args: in.fs.Args(), fs: in.fs}
	if w, ok := in.opts.(*windowOptions); ok && w.version {
		in.cmd, in.opts = command{plain: true}, new(versionOptions) // as the version command
	}
	if !in.cmd.plain {
		after := catchAfter
		if in.cmd.long {
			after = 0
		}
		var stop func()
		ctx, stop = interruptible(ctx, after)
		defer stop()
		if c.env, err = load(in, d); err != nil {
			if u, ok := in.opts.(unloaded); ok {
				return u.runUnloaded(ctx, c, err)
			}
			return err
		}
	}
	return in.opts.run(ctx, c)
}

// parse finds the command that args name (none: the program's own, which opens the
// window) and parses its flags and operands. --help, and the help command, print the
// help and end with flag.ErrHelp.
func parse(args []string, d Deps) (*invocation, error) {
	cmd := programCommand
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		if args[0] == "help" {
			usage(d.Stdout, d.lang)
			return nil, flag.ErrHelp
		}
		found := false
		for _, c := range commands() {
			if c.name == args[0] {
				cmd, found = c, true
			}
		}
		if !found {
			return nil, &usageError{d.lang.f("unknown command %q (see atomgit-login --help)", "未知命令 %q（见 atomgit-login --help）", args[0])}
		}
		args = args[1:]
	}
	in := newInvocation(cmd, d.lang)
	if !d.lang.zh {
		// The flag package says what is wrong before the usage; in Chinese, Main says it
		// after the usage.
		in.fs.SetOutput(d.Stderr)
	}
	in.fs.Usage = func() { commandUsage(d.Stderr, cmd, d.lang) }
	if err := in.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &usageError{d.lang.flagProblem(err)}
	}
	if in.fs.NArg() > 0 && cmd.args == "" {
		return nil, &usageError{d.lang.unexpected(in.fs.Arg(0))}
	}
	return in, nil
}

// load reads the settings of in's command line, and builds the world the command runs
// in (wiring.NewEnv).
func load(in *invocation, d Deps) (*wiring.Env, error) {
	loader := in.common.loader
	loader.Getenv = d.Getenv
	if f := in.fs.Lookup("client-secret"); f != nil && f.Value.String() != "" {
		fmt.Fprintln(d.Stderr, d.lang.t("atomgit-login: warning: --client-secret is visible to other users in ps; "+
			"use --client-secret-file or ATOMGIT_CLIENT_SECRET",
			"atomgit-login: 警告：--client-secret 在 ps 中对其他用户可见；请改用 --client-secret-file 或 ATOMGIT_CLIENT_SECRET"))
	}
	if !in.cmd.gitsStdin {
		loader.Stdin = d.Stdin
	}
	cfg, err := loader.Load()
	if err != nil {
		return nil, err
	}
	env := wiring.NewEnv(cfg, d.Getenv)
	if d.Keyring != nil {
		env.Store = d.Keyring
	}
	env.Demo, env.User, env.NoWindow = in.common.demo, in.common.user, d.noDesktop
	env.WindowArgs = windowArgs(in.cmd, in.fs)
	return env, nil
}

// windowOptions are the program's own flags, with no command: it opens the window.
type windowOptions struct {
	version bool // --version: print the version instead, as the version command does
}

func (o *windowOptions) flags(fs *flag.FlagSet, l lang) {
	fs.BoolVar(&o.version, "version", false, l.t("print the version and exit (as the version command)", "输出版本后退出（同 version 命令）"))
}

// run opens the window, or brings the one open for the realm to the front.
func (o *windowOptions) run(ctx context.Context, c call) error {
	if c.d.noDesktop() {
		return &exitError{code: ExitNo, msg: c.d.lang.f("there is no window here (this build has none, and none is installed beside it); "+
			"use a command (see --help), and sign in with: %s",
			"这里没有窗口（此版本不含窗口，旁边也没有安装）；请使用命令（见 --help），登录请运行：%s", signInCommand(c.env))}
	}
	return openWindow(ctx, c.env, c.d)
}

// notHere says that login is not among the accounts signed in here.
func (l lang) notHere(login string) string {
	return l.f("%s is not signed in here; see: atomgit-login accounts", "%s 未在此登录；见：atomgit-login accounts", login)
}

// flagProblem is the flag package's complaint about the command line in the language l.
// Its common forms are known (flag.FlagSet.failf); others stay in English.
func (l lang) flagProblem(err error) string {
	msg := err.Error()
	if !l.zh {
		return msg
	}
	for _, p := range [...]struct{ en, zh string }{
		{"flag provided but not defined: ", "没有这个选项："},
		{"flag needs an argument: ", "选项需要一个值："},
		{"bad flag syntax: ", "选项的写法不对："},
	} {
		if rest, ok := strings.CutPrefix(msg, p.en); ok {
			return p.zh + rest
		}
	}
	return msg
}

// unexpected says that the command takes no argument arg.
// noDemo is why cmd refuses --demo.
func (l lang) noDemo(cmd string) string {
	return l.f("%s does not work with --demo: the demo server lives only as long as its window",
		"%s 不能与 --demo 一起使用：演示服务器只在它的窗口打开时存在", cmd)
}

func (l lang) unexpected(arg string) string {
	return l.f("unexpected argument %q", "多余的参数 %q", arg)
}

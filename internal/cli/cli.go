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
	"strings"
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
	// DesktopMissing, when not nil, reports that Desktop cannot run after all (the
	// commands-only build with no window installed beside it). It is asked only when the
	// answer is used (opening the window, a message that says how to sign in), never on
	// the way to a token: looking for the window costs system calls at every start.
	DesktopMissing func() bool
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

type command struct {
	name, summary string
	summaryZH     string // summary in Chinese
	args          string // the operands it takes, for its usage line ("get|store|erase"); empty: none
	run           func(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error
	flags         func(fs *flag.FlagSet, l lang) // command flags besides the settings; usage in l
	// plain runs instead of run a command that needs no settings, keyring or session
	// (version, completion): it takes only its own flags and works with no home folder.
	plain func(fs *flag.FlagSet, d Deps) error
}

// about is the command's summary in the language l.
func (c command) about(l lang) string { return l.t(c.summary, c.summaryZH) }

func commands() []command {
	return []command{
		{name: "login", summary: "sign in (in the window, or --browser in the system browser) and print the account",
			summaryZH: "登录（在窗口中，或用 --browser 在系统浏览器中）并显示账户", run: runLogin},
		{name: "status", summary: "show who is signed in (--json for tools); exit 1 when nobody is",
			summaryZH: "显示谁已登录（--json 供工具使用）；无人登录时退出码为 1", run: runStatus, flags: jsonFlag},
		{name: "token", summary: "print a valid access token, refreshing it first when due (--refused: AtomGit refused the token on stdin)",
			summaryZH: "输出一个有效的访问令牌，到期时先刷新（--refused：AtomGit 拒绝了标准输入中的令牌）", run: runToken, flags: refusedFlag},
		{name: "logout", summary: "sign the active account (or --user) out: delete its stored tokens",
			summaryZH: "让当前账户（或 --user 指定的账户）退出登录：删除它保存的令牌", run: runLogout},
		{name: "accounts", summary: "list the signed-in accounts; * marks the active one",
			summaryZH: "列出已登录的账户；* 标出当前账户", run: runAccounts, flags: jsonFlag},
		{name: "switch", summary: "make another signed-in account the active one",
			summaryZH: "把另一个已登录的账户设为当前账户", run: runSwitch, args: "LOGIN"},
		{name: "config", summary: "show the effective settings and where each came from",
			summaryZH: "显示生效的设置及每项的来源", run: runConfig},
		{name: "git-credential", summary: "git's credential helper for AtomGit (get, store, erase; see setup-git)",
			summaryZH: "git 访问 AtomGit 的凭据助手（get、store、erase；见 setup-git）", run: runGitCredential, args: "get|store|erase"},
		{name: "setup-git", summary: "make git use this login for the AtomGit host (--global, the default, or --local)",
			summaryZH: "让 git 在 AtomGit 主机上使用此登录（--global，默认；或 --local）", run: runSetupGit, flags: setupGitFlags},
		{name: "demo-server", summary: "run a stand-in AtomGit for your OAuth app on this computer, to try a tool without AtomGit",
			summaryZH: "在本机为你的 OAuth 应用运行一个 AtomGit 替身，无需 AtomGit 即可试用工具", plain: runDemoServer, flags: demoServerFlags},
		{name: "completion", summary: "print the shell completion script for bash, zsh or fish",
			summaryZH: "输出 bash、zsh 或 fish 的命令补全脚本", plain: runCompletion, args: "bash|zsh|fish"},
		{name: "version", summary: "print the version, the commit, and the Go and Wails versions it was built with",
			summaryZH: "输出版本、提交，以及构建所用的 Go 和 Wails 版本", plain: runVersion},
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

func run(ctx context.Context, args []string, d Deps) error {
	var cmd *command
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		for _, c := range commands() {
			if c.name == args[0] {
				cmd = &c
			}
		}
		if args[0] == "help" {
			usage(d.Stdout, d.lang)
			return nil
		}
		if cmd == nil {
			return &usageError{d.lang.f("unknown command %q (see atomgit-login --help)", "未知命令 %q（见 atomgit-login --help）", args[0])}
		}
		args = args[1:]
	}
	fs, p := newFlagSet(cmd, d.lang)
	fs.SetOutput(d.Stderr)
	if d.lang.zh {
		// The flag package would say what is wrong in English before the usage; Main
		// says it in Chinese after it.
		fs.SetOutput(io.Discard)
	}
	fs.Usage = func() {
		if cmd == nil {
			usage(d.Stderr, d.lang)
		} else {
			fmt.Fprint(d.Stderr, d.lang.f("usage: %s [flags] %s\n\n%s.\n\nFlags:\n", "用法：%s [选项] %s\n\n%s。\n\n选项：\n", fs.Name(), cmd.args, cmd.about(d.lang)))
		}
		if d.lang.zh {
			config.UsageInChinese(fs)
			fs.SetOutput(d.Stderr)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{d.lang.flagProblem(err)}
	}
	if fs.NArg() > 0 && (cmd == nil || cmd.args == "") {
		return &usageError{d.lang.unexpected(fs.Arg(0))}
	}
	if cmd != nil && cmd.plain != nil {
		return cmd.plain(fs, d)
	}
	if *p.version {
		return runVersion(fs, d)
	}
	after := catchAfter
	if cmd == nil || cmd.name == "login" {
		// The window, and login (which opens it or waits for a sign-in): they run for
		// long, and catch SIGTERM from their start, to close the window with them.
		after = 0
	}
	ctx, stop := interruptible(ctx, after)
	defer stop()
	loader, demo, user := p.loader, p.demo, p.user
	loader.Getenv = d.Getenv
	if f := fs.Lookup("client-secret"); f != nil && f.Value.String() != "" {
		fmt.Fprintln(d.Stderr, d.lang.t("atomgit-login: warning: --client-secret is visible to other users in ps; "+
			"use --client-secret-file or ATOMGIT_CLIENT_SECRET",
			"atomgit-login: 警告：--client-secret 在 ps 中对其他用户可见；请改用 --client-secret-file 或 ATOMGIT_CLIENT_SECRET"))
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
	env := &wiring.Env{Config: cfg, Store: store, Demo: *demo, Getenv: d.Getenv, User: *user, NoWindow: d.noDesktop}
	env.WindowArgs = windowArgs(cmd, fs)
	if cmd != nil {
		return cmd.run(ctx, env, fs, d)
	}
	if d.noDesktop() {
		return &exitError{code: ExitNo, msg: d.lang.f("there is no window here (this build has none, and none is installed beside it); "+
			"use a command (see --help), and sign in with: %s",
			"这里没有窗口（此版本不含窗口，旁边也没有安装）；请使用命令（见 --help），登录请运行：%s", signInCommand(env))}
	}
	return openWindow(ctx, env, d)
}

// parsed are the flags every command but the plain ones shares, once parsed.
type parsed struct {
	loader  *config.Loader
	demo    *bool
	user    *string
	version *bool // --version, without a command
}

// newFlagSet is cmd's flags (cmd nil: the program's own, with no command): the settings'
// flags, --demo and --user, then the command's own. The completion scripts are made from
// it, so they offer what the command line takes.
func newFlagSet(cmd *command, l lang) (*flag.FlagSet, parsed) {
	name := "atomgit-login"
	if cmd != nil {
		name += " " + cmd.name
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	p := parsed{version: new(bool)}
	if cmd != nil && cmd.plain != nil {
		if cmd.flags != nil {
			cmd.flags(fs, l)
		}
		return fs, p
	}
	p.loader = config.AddFlags(fs)
	p.demo = fs.Bool("demo", false, l.t("use the built-in demo AtomGit (no account, no network)", "使用内置的演示 AtomGit（无需账户，无需网络）"))
	p.user = fs.String("user", "", l.t("use this signed-in account instead of the active one", "使用这个已登录的账户，而不是当前账户"))
	if cmd == nil {
		p.version = fs.Bool("version", false, l.t("print the version and exit (as the version command)", "输出版本后退出（同 version 命令）"))
	}
	if cmd != nil && cmd.flags != nil {
		cmd.flags(fs, l)
	}
	return fs, p
}

func usage(w io.Writer, l lang) {
	fmt.Fprint(w, l.t(`atomgit-login signs you into AtomGit in its own window and keeps you signed in.

usage:
  atomgit-login [--demo] [flags]     open the window
  atomgit-login COMMAND [flags]

commands:
`, `atomgit-login 在自己的窗口中让你登录 AtomGit，并保持登录。

用法：
  atomgit-login [--demo] [选项]      打开窗口
  atomgit-login COMMAND [选项]

命令：
`))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.about(l))
	}
	fmt.Fprint(w, l.t(`
Every setting can come from a flag, an ATOMGIT_* variable or the config file
(see "atomgit-login config"). Run "atomgit-login COMMAND --help" for a command's flags.
`, `
每项设置都可以来自选项、ATOMGIT_* 环境变量或配置文件
（见 "atomgit-login config"）。运行 "atomgit-login COMMAND --help" 查看命令的选项。
`))
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

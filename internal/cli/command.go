package cli

import (
	"context"
	"flag"
	"io"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// options are a command's options and its run function, the shape GitHub CLI gives its
// commands: the parser fills the options from the command's own flags, then calls run.
// A test may fill an options value itself and call run.
type options interface {
	// flags registers the command's own flags on fs, into the options, with their usage
	// in the language l.
	flags(fs *flag.FlagSet, l lang)
	// run runs the command.
	run(ctx context.Context, c call) error
}

// unloaded is a command that runs even when the settings cannot be loaded, err saying
// why (diagnose, which reports it among the rest); c.env is then nil.
type unloaded interface {
	runUnloaded(ctx context.Context, c call, err error) error
}

// call is what a command runs with, once its command line is parsed.
type call struct {
	// env is the world the settings describe; nil for a plain command.
	env *wiring.Env
	d   Deps
	// args are the operands after the flags.
	args []string
	// fs is the command line's flags as parsed: which settings' flags were given.
	fs *flag.FlagSet
}

// command is one entry of the command table, from which the parser, --help, the
// completion scripts and the man pages are all made.
type command struct {
	name, summary string
	summaryZH     string // summary in Chinese
	args          string // the operands it takes, for its usage line ("get|store|erase"); empty: none
	// plain: the command takes only its own flags and runs with no settings, keyring or
	// session (version, completion), so it works with no home folder.
	plain bool
	// long: the command runs for long (the window, login), and catches SIGTERM from its
	// start, to close the window with it; the others let a signal end them at once for
	// their first moments (interruptible).
	long bool
	// gitsStdin: its standard input is git's request, not the person's to give a secret on.
	gitsStdin bool
	// options makes a fresh options value of the command.
	options func() options
}

// about is the command's summary in the language l.
func (c command) about(l lang) string { return l.t(c.summary, c.summaryZH) }

func commands() []command {
	return []command{
		{name: "login", summary: "sign in (in the window, --browser in the system browser, --no-browser in a browser anywhere) and print the account",
			summaryZH: "登录（在窗口中，用 --browser 在系统浏览器中，或用 --no-browser 在任意浏览器中）并显示账户", long: true,
			options: func() options { return new(loginOptions) }},
		{name: "status", summary: "show who is signed in (--json for tools); exit 1 when nobody is",
			summaryZH: "显示谁已登录（--json 供工具使用）；无人登录时退出码为 1",
			options:   func() options { return new(statusOptions) }},
		{name: "token", summary: "print a valid access token, refreshing it first when due (--refused: AtomGit refused the token on stdin)",
			summaryZH: "输出一个有效的访问令牌，到期时先刷新（--refused：AtomGit 拒绝了标准输入中的令牌）",
			options:   func() options { return new(tokenOptions) }},
		{name: "logout", summary: "sign the active account (or --user) out: delete its stored tokens",
			summaryZH: "让当前账户（或 --user 指定的账户）退出登录：删除它保存的令牌",
			options:   func() options { return new(logoutOptions) }},
		{name: "accounts", summary: "list the signed-in accounts; * marks the active one",
			summaryZH: "列出已登录的账户；* 标出当前账户",
			options:   func() options { return new(accountsOptions) }},
		{name: "switch", summary: "make another signed-in account the active one",
			summaryZH: "把另一个已登录的账户设为当前账户", args: "LOGIN",
			options: func() options { return new(switchOptions) }},
		{name: "config", summary: "show the effective settings and where each came from",
			summaryZH: "显示生效的设置及每项的来源",
			options:   func() options { return new(configOptions) }},
		{name: "git-credential", summary: "git's credential helper for AtomGit (get, store, erase; see setup-git)",
			summaryZH: "git 访问 AtomGit 的凭据助手（get、store、erase；见 setup-git）", args: "get|store|erase", gitsStdin: true,
			options: func() options { return new(gitCredentialOptions) }},
		{name: "setup-git", summary: "make git use this login for the AtomGit host (--global, the default, or --local)",
			summaryZH: "让 git 在 AtomGit 主机上使用此登录（--global，默认；或 --local）",
			options:   func() options { return new(setupGitOptions) }},
		{name: "diagnose", summary: "check what this program needs (settings, keyring, display, callback address, AtomGit's hosts, clock) and say how to fix what fails (--json for tools); exit 0 only when all pass",
			summaryZH: "检查本程序所需的一切（设置、钥匙环、显示器、回调地址、AtomGit 的主机、时钟），并说明如何修复失败之处（--json 供工具使用）；仅当全部通过时退出码为 0",
			options:   func() options { return new(diagnoseOptions) }},
		{name: "demo-server", summary: "run a stand-in AtomGit for your OAuth app on this computer, to try a tool without AtomGit",
			summaryZH: "在本机为你的 OAuth 应用运行一个 AtomGit 替身，无需 AtomGit 即可试用工具", plain: true,
			options: func() options { return new(demoServerOptions) }},
		{name: "completion", summary: "print the shell completion script for bash, zsh or fish",
			summaryZH: "输出 bash、zsh 或 fish 的命令补全脚本", args: "bash|zsh|fish", plain: true,
			options: func() options { return new(completionOptions) }},
		{name: "version", summary: "print the version, the commit, and the Go and Wails versions it was built with",
			summaryZH: "输出版本、提交，以及构建所用的 Go 和 Wails 版本", plain: true,
			options: func() options { return new(versionOptions) }},
	}
}

// programCommand is the program with no command: it opens the window.
var programCommand = command{name: "", long: true, options: func() options { return new(windowOptions) }}

// commonFlags are the flags every command but the plain ones takes besides its own: the
// settings' (through the Loader), --demo and --user.
type commonFlags struct {
	loader *config.Loader
	demo   bool
	user   string
}

// addCommon registers the flags every command but the plain ones takes besides its own
// and the settings': --demo and --user.
func (cf *commonFlags) addCommon(fs *flag.FlagSet, l lang) {
	fs.BoolVar(&cf.demo, "demo", false, l.t("use the built-in demo AtomGit (no account, no network)", "使用内置的演示 AtomGit（无需账户，无需网络）"))
	fs.StringVar(&cf.user, "user", "", l.t("use this signed-in account instead of the active one", "使用这个已登录的账户，而不是当前账户"))
}

// invocation is a command line once its command is known and its flag set is built.
type invocation struct {
	cmd    command
	opts   options
	fs     *flag.FlagSet
	common commonFlags // unused by a plain command
}

// newInvocation builds cmd's flag set: its own flags, then --demo and --user, then the
// settings' (a plain command has only its own). The completion scripts and the man pages
// read the same flag set, so they offer what the command line takes.
func newInvocation(cmd command, l lang) *invocation {
	name := "atomgit-login"
	if cmd.name != "" {
		name += " " + cmd.name
	}
	in := &invocation{cmd: cmd, opts: cmd.options(), fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	in.fs.SetOutput(io.Discard)
	in.opts.flags(in.fs, l)
	if !cmd.plain {
		in.common.addCommon(in.fs, l)
		in.common.loader = config.AddFlags(in.fs)
	}
	return in
}

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

// setupGitOptions are `setup-git`'s.
type setupGitOptions struct {
	global, local bool // which git config to write: the person's (the default) or the repository's
}

func (o *setupGitOptions) flags(fs *flag.FlagSet, l lang) {
	fs.BoolVar(&o.global, "global", false, l.t("write to your global git config, ~/.gitconfig (the default)", "写入你的全局 git 配置 ~/.gitconfig（默认）"))
	fs.BoolVar(&o.local, "local", false, l.t("write to the config of the git repository in the current folder only", "只写入当前文件夹中 git 仓库的配置"))
}

// run makes git ask this program for the credentials of the configured AtomGit host, and
// of no other host. For that host it clears the helpers set before (an empty helper
// resets git's list), adds "atomgit-login git-credential", and keeps credentials per host
// rather than per repository path.
func (o *setupGitOptions) run(ctx context.Context, c call) error {
	env, d, fs := c.env, c.d, c.fs
	l := d.lang
	if env.Demo {
		return &usageError{l.noDemo("setup-git")}
	}
	global, local := o.global, o.local
	if global && local {
		return &usageError{l.t("use --global or --local, not both", "请使用 --global 或 --local，不要同时使用")}
	}
	scope, where := "--global", l.t("your global git config", "你的全局 git 配置")
	if local {
		scope, where = "--local", l.t("this repository's git config", "此仓库的 git 配置")
	}
	origin, err := originOf(env.Config)
	if err != nil {
		return err
	}
	helper, err := helperCommand(env, fs, l)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("git"); err != nil {
		return fmt.Errorf("cli: setup-git: %s", l.t("git is not installed (not found on PATH)", "没有安装 git（PATH 中找不到）"))
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
	fmt.Fprint(d.Stdout, l.f("Configured git to ask atomgit-login for %s, in %s:\n", "已在%[2]s中设置 git 向 atomgit-login 索取 %[1]s 的凭据：\n", origin, where))
	for _, args := range steps {
		fmt.Fprintf(d.Stdout, "  %s\n", shellJoin(append([]string{"git"}, args...)))
	}
	if vars := envSettings(env.Config); len(vars) > 0 {
		fmt.Fprint(d.Stdout, l.envNote(vars, env.Config.File))
	}
	return nil
}

// envNote warns that the settings from the variables vars will not reach git's helper
// unless they are set wherever git runs, or moved to the config file.
func (l lang) envNote(vars []string, file string) string {
	if l.zh {
		return fmt.Sprintf("\n注意：%s 来自环境变量；git 用它自己的环境运行凭据助手，\n"+
			"所以请在运行 git 的每个地方都设置它们，或把它们写入配置文件（%s）。\n", strings.Join(vars, "、"), file)
	}
	come, them := "come", "them"
	if len(vars) == 1 {
		come, them = "comes", "it"
	}
	return fmt.Sprintf("\nNote: %s %s from the environment; git runs the helper with its own environment,\n"+
		"so set %s wherever git runs, or put %s in the config file (%s).\n", strings.Join(vars, ", "), come, them, them, file)
}

// helperCommand is the helper as git's config holds it: a shell snippet ("!") that runs
// this executable by its absolute path, with the settings given as flags now (git adds
// the operation). A client secret given as a flag is refused: it would be written into
// git's config in plain text.
func helperCommand(env *wiring.Env, fs *flag.FlagSet, l lang) (string, error) {
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
		return "", &usageError{l.t("setup-git cannot pass on --client-secret-file -: git gives its helper its own standard input; "+
			"name a file instead", "setup-git 无法传递 --client-secret-file -：git 给凭据助手的是它自己的标准输入；请改为指定一个文件")}
	}
	if secret {
		return "", &usageError{l.t("setup-git would write --client-secret into git's config in plain text: "+
			"give the secret in the config file or in ATOMGIT_CLIENT_SECRET instead",
			"setup-git 会把 --client-secret 以明文写入 git 的配置：请改为在配置文件或 ATOMGIT_CLIENT_SECRET 中给出 Secret")}
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

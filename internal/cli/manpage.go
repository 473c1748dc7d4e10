package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
)

// The man pages are made from the command table, each command's flag set and config's
// settings, as --help and the completion scripts are, so the three cannot drift apart.
// build/linux/man writes them for the packages.

// Man pages: the commands' program, and the window's.
const (
	ManCommands = "atomgit-login"
	ManWindow   = "atomgit-login-window"
)

// ManPage writes the man page of program (ManCommands or ManWindow), section 1, in
// Chinese when zh is set, else in English, as roff. version and date (YYYY-MM-DD) go
// into its header.
func ManPage(w io.Writer, program string, zh bool, version, date string) error {
	if program != ManCommands && program != ManWindow {
		return fmt.Errorf("cli: no man page for %q", program)
	}
	l := lang{zh: zh}
	m := &manWriter{w: w}
	m.line(`.\" -*- coding: UTF-8 -*-`) // for man-db, which would take a zh_CN page for GB2312
	m.line(`.\" Generated from atomgit-login's command table (internal/cli/manpage.go): regenerate it rather than edit it.`)
	m.line(fmt.Sprintf(".TH %s 1 %s %s %s", dashes(strings.ToUpper(program)), date,
		m.quoted("atomgit-login "+version), m.quoted(l.t("User Commands", "用户命令"))))
	// Lines set ragged-right and unhyphenated: names stay whole, and Chinese, which
	// breaks between any two characters, never needs stretched spaces.
	m.line(".nh")
	m.line(".ad l")
	m.section(l.t("NAME", "名称"))
	if program == ManWindow {
		m.line(dashes(program) + ` \- ` + roff(l.t("the window of AtomGit Login", "AtomGit Login 的窗口"), false))
		manWindowIntro(m, l)
	} else {
		m.line(dashes(program) + ` \- ` + roff(l.t("sign in to AtomGit once, and lend the login to other tools", "登录 AtomGit 一次，并把登录借给其他工具"), false))
		manCommandsIntro(m, l)
		manCommands(m, l)
	}
	manOptions(m, l, program)
	manSettings(m, l)
	manFiles(m, l)
	m.section(l.t("EXIT STATUS", "退出状态"))
	m.para(l.t("0 on success; 1 when nobody is signed in or the command failed; 2 for a wrong command line or setting.",
		"成功时为 0；无人登录或命令失败时为 1；命令行或设置有误时为 2。"))
	m.section(l.t("SEE ALSO", "参见"))
	if program == ManWindow {
		m.line(`.BR atomgit\-login (1)`)
	} else {
		m.line(`.BR atomgit\-login\-window (1),`)
		m.line(`.BR gitcredentials (7)`)
	}
	return m.err
}

func manCommandsIntro(m *manWriter, l lang) {
	m.section(l.t("SYNOPSIS", "概要"))
	m.line(`.B atomgit\-login`)
	m.line(`.RI [ ` + m.quoted(l.t("flags", "选项")) + ` ]`)
	m.line(`.br`)
	m.line(`.B atomgit\-login`)
	m.line(`.I COMMAND`)
	m.line(`.RI [ ` + m.quoted(l.t("flags", "选项")) + ` "] [" ` + m.quoted(l.t("arguments", "参数")) + ` ]`)
	m.section(l.t("DESCRIPTION", "描述"))
	m.para(l.t("`atomgit-login` signs you into AtomGit with OAuth2 in its own window, keeps you signed in by refreshing the tokens before they expire, "+
		"and lends that login to other tools: scripts read a valid access token with `atomgit-login token`, and git uses it as its credential helper "+
		"(`atomgit-login setup-git`). The tokens live in the system keyring.",
		"`atomgit-login` 在自己的窗口中通过 OAuth2 让你登录 AtomGit，在令牌过期之前刷新它们以保持登录，"+
			"并把这份登录借给其他工具：脚本用 `atomgit-login token` 读取有效的访问令牌，git 把它用作凭据助手"+
			"（`atomgit-login setup-git`）。令牌保存在系统钥匙环中。"))
	m.para(l.t("With no COMMAND it opens the window, the program `atomgit-login-window` installed beside it; with one, it runs the command, "+
		"which needs no display unless it signs in.",
		"不带 COMMAND 时，它打开窗口，即安装在它旁边的程序 `atomgit-login-window`；带 COMMAND 时，它运行该命令，除非要登录，否则无需显示器。"))
}

func manWindowIntro(m *manWriter, l lang) {
	m.section(l.t("SYNOPSIS", "概要"))
	m.line(`.B atomgit\-login\-window`)
	m.line(`.RI [ ` + m.quoted(l.t("flags", "选项")) + ` ]`)
	m.section(l.t("DESCRIPTION", "描述"))
	m.para(l.t("`atomgit-login-window` is AtomGit Login's window: it signs you into AtomGit in its own window, shows who is signed in, "+
		"and keeps the session alive while it is open. The desktop's menu entry starts it, and so does `atomgit-login` with no command.",
		"`atomgit-login-window` 是 AtomGit Login 的窗口：它在自己的窗口中让你登录 AtomGit，显示谁已登录，并在打开期间保持会话。"+
			"桌面菜单项会启动它，不带命令的 `atomgit-login` 也会启动它。"))
	m.para(l.t("There is one window per OAuth app and host: starting it again brings the open one to the front. "+
		"It takes the same flags and settings as `atomgit-login`, and runs its commands too.",
		"每个 OAuth 应用和主机只有一个窗口：再次启动它会把已打开的窗口带到前面。"+
			"它接受与 `atomgit-login` 相同的选项和设置，也能运行其命令。"))
}

// manCommands lists every command with its operands and its own flags.
func manCommands(m *manWriter, l lang) {
	m.section(l.t("COMMANDS", "命令"))
	for _, c := range commands() {
		m.line(".TP")
		tag := `.B ` + dashes(c.name)
		if c.args != "" {
			tag = `.BI "` + dashes(c.name) + ` " ` + m.quoted(c.args)
		}
		m.line(tag)
		m.line(m.escape(fullStop(capitalised(c.about(l)))))
		own := ownFlags(c, l)
		if len(own) == 0 {
			continue
		}
		m.line(".RS")
		for _, f := range own {
			m.flag(f)
		}
		m.line(".RE")
	}
}

// manOptions lists the flags that are not settings: those of the program with no command.
func manOptions(m *manWriter, l lang, program string) {
	m.section(l.t("OPTIONS", "选项"))
	if program == ManWindow {
		m.para(l.t("It takes these, and one flag for each setting (see SETTINGS).", "它接受以下选项，以及每项设置各自的选项（见“设置”）。"))
	} else {
		m.para(l.t("Every command but `version` and `completion` takes these, and one flag for each setting (see SETTINGS).",
			"除 `version` 和 `completion` 之外，每个命令都接受以下选项，以及每项设置各自的选项（见“设置”）。"))
	}
	fs := newInvocation(programCommand, l).fs
	if l.zh {
		config.UsageInChinese(fs)
	}
	names := map[string]bool{}
	for _, s := range config.Settings() {
		names[s.Flag] = true
	}
	fs.VisitAll(func(f *flag.Flag) {
		if !names[f.Name] {
			m.flag(f)
		}
	})
	m.line(".TP")
	m.line(`.B \-\-help`)
	m.line(m.escape(l.t("Print the flags of the program, or of a command, and exit.", "输出程序或某个命令的选项后退出。")))
}

// manSettings lists every setting: its file key, variable and flag.
func manSettings(m *manWriter, l lang) {
	m.section(l.t("SETTINGS", "设置"))
	m.para(l.t("Every setting can be given, from the strongest to the weakest: as a flag, as an environment variable, in your config file, "+
		"in the system-wide settings file, or built into the program by whoever built it; else it has its default. "+
		"The files hold one JSON object of settings by their keys, such as {\"client_id\": \"…\", \"client_secret\": \"…\"}; "+
		"a relative path in a file is taken from that file's folder. `atomgit-login config` shows every setting in effect and where it came from.",
		"每项设置可以通过以下方式给出，从强到弱：选项、环境变量、你的配置文件、系统范围的配置文件，或由构建者内置在程序中；否则使用默认值。"+
			"配置文件保存一个以设置键名为键的 JSON 对象，例如 {\"client_id\": \"…\", \"client_secret\": \"…\"}；"+
			"文件中的相对路径从该文件所在的文件夹算起。`atomgit-login config` 显示每项生效的设置及其来源。"))
	for _, s := range config.Settings() {
		m.line(".TP")
		m.line(fmt.Sprintf(`\fB%s\fR, \fB%s\fR, \fB\-\-%s\fR`, dashes(s.Key), dashes(s.Env), dashes(s.Flag)))
		m.line(m.escape(fullStop(capitalised(l.t(s.Usage, s.UsageZH)))))
	}
}

func manFiles(m *manWriter, l lang) {
	m.section(l.t("FILES", "文件"))
	for _, f := range []struct{ path, en, zh string }{
		{"~/.config/atomgit-login/config.json",
			"Your settings (in $XDG_CONFIG_HOME when it is set). `--config` or `ATOMGIT_CONFIG` names another file.",
			"你的设置（设置了 $XDG_CONFIG_HOME 时在其中）。用 `--config` 或 `ATOMGIT_CONFIG` 可指定另一个文件。"},
		{"/etc/xdg/atomgit-login/config.json",
			"The system-wide settings, kept by the administrator for everyone: the first atomgit-login/config.json in $XDG_CONFIG_DIRS. " +
				"It must belong to root and be writable by root only; otherwise it is refused.",
			"系统范围的设置，由管理员为所有人维护：$XDG_CONFIG_DIRS 中的第一个 atomgit-login/config.json。" +
				"它必须属于 root，且只有 root 可写；否则会被拒绝。"},
		{"~/.cache/atomgit-login/",
			"Each OAuth app's lock, change signal and window socket (in $XDG_CACHE_HOME when it is set).",
			"每个 OAuth 应用的锁、变更信号和窗口套接字（设置了 $XDG_CACHE_HOME 时在其中）。"},
	} {
		m.line(".TP")
		m.line(`.I ` + dashes(f.path))
		m.line(m.escape(l.t(f.en, f.zh)))
	}
}

// manWriter writes roff lines, keeping the first error.
type manWriter struct {
	w   io.Writer
	err error
}

func (m *manWriter) line(s string) {
	if m.err == nil {
		_, m.err = io.WriteString(m.w, s+"\n")
	}
}

func (m *manWriter) section(name string) { m.line(".SH " + m.quoted(name)) }

func (m *manWriter) para(s string) {
	m.line(".PP")
	m.line(m.escape(s))
}

// flag is one flag as a tagged paragraph: its name, its value's name, its usage.
func (m *manWriter) flag(f *flag.Flag) {
	m.line(".TP")
	_, usage := flag.UnquoteUsage(f)
	name := valueName(f)
	if name == "" {
		m.line(`.B \-\-` + dashes(f.Name))
	} else {
		m.line(`.BI \-\-` + dashes(f.Name) + ` " " ` + name)
	}
	m.line(m.escape(fullStop(capitalised(usage))))
}

// fullStop ends s with a full stop, unless it ends with one already.
func fullStop(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "。") {
		return s
	}
	if strings.ContainsFunc(s, cjk) {
		return s + "。"
	}
	return s + "."
}

// quoted is s as one roff argument, with no breaks added: headings and the page's
// header, which man-db's index reads.
func (m *manWriter) quoted(s string) string {
	return `"` + strings.ReplaceAll(roff(s, false), `"`, `\(dq`) + `"`
}

// escape is s as roff text: see roff.
func (m *manWriter) escape(s string) string { return roff(s, true) }

// roff makes text safe as roff text: backslashes escaped, a dot or quote at its start
// neutralised, `names` set in bold with their dashes as minus signs (a plain - is a
// hyphen, which cannot be typed back), a lone dash or a flag's too, and, with breaks, a
// break allowed after each Chinese character (groff breaks lines only at spaces
// otherwise).
func roff(s string, breaks bool) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString(`\fB` + dashes(part) + `\fR`)
			continue
		}
		runes := []rune(part)
		for j, r := range runes {
			switch {
			case r == '-' && (j == 0 || runes[j-1] == ' ' || runes[j-1] == '(' || runes[j-1] == '-'):
				b.WriteString(`\-`)
			case r == '-' && j+1 < len(runes) && runes[j+1] == '-':
				b.WriteString(`\-`)
			case breaks && cjk(r) && j+1 < len(runes) && !fullWidthPunct(runes[j+1]):
				// A line may break after it, but never before a full-width stop or bracket.
				b.WriteRune(r)
				b.WriteString(`\:`)
			default:
				b.WriteRune(r)
			}
		}
	}
	out := b.String()
	if strings.HasPrefix(out, ".") || strings.HasPrefix(out, "'") {
		out = `\&` + out
	}
	return out
}

// dashes is a name with its dashes as minus signs, in roff.
func dashes(s string) string { return strings.ReplaceAll(s, "-", `\-`) }

// cjk reports whether r is a Chinese character or full-width punctuation.
func cjk(r rune) bool { return unicode.Is(unicode.Han, r) || fullWidthPunct(r) }

// fullWidthPunct reports whether r is CJK or full-width punctuation.
func fullWidthPunct(r rune) bool { return (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) }

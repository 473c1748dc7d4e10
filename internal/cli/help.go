package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
)

// usage writes the program's help in the language l: what it does, its commands, then
// the flags it takes with no command.
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
	writeFlags(w, programCommand, l)
	fmt.Fprint(w, l.t(`
Run "atomgit-login COMMAND --help" for a command's flags.
`, `
运行 "atomgit-login COMMAND --help" 查看命令的选项。
`))
}

// commandUsage writes cmd's help in the language l: its usage line and what it does, then
// its flags.
func commandUsage(w io.Writer, cmd command, l lang) {
	if cmd.name == "" {
		usage(w, l)
		return
	}
	line := cmd.name
	if own := ownFlags(cmd, l); len(own) > 0 || !cmd.plain {
		line += l.t(" [flags]", " [选项]")
	}
	if cmd.args != "" {
		line += " " + cmd.args
	}
	fmt.Fprint(w, l.f("usage: atomgit-login %s\n\n%s.\n", "用法：atomgit-login %s\n\n%s。\n", line, cmd.about(l)))
	writeFlags(w, cmd, l)
}

// writeFlags lists cmd's flags as the README writes them (--name VALUE): its own first,
// then --demo and --user, then, under a heading of their own, the settings' in the order
// `config` lists them.
func writeFlags(w io.Writer, cmd command, l lang) {
	own := ownFlags(cmd, l)
	if cmd.plain && len(own) == 0 {
		return
	}
	fmt.Fprint(w, l.t("\nflags:\n", "\n选项：\n"))
	for _, f := range own {
		writeFlag(w, f)
	}
	if cmd.plain {
		return
	}
	var common commonFlags
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	common.addCommon(fs, l)
	fs.VisitAll(func(f *flag.Flag) { writeFlag(w, f) })
	fmt.Fprint(w, l.t("\nsettings (each can also be an ATOMGIT_* variable or a key of the config file; see atomgit-login config):\n",
		"\n设置（每项也可以用 ATOMGIT_* 环境变量或配置文件中的键给出；见 atomgit-login config）：\n"))
	for _, f := range settingFlags(l) {
		writeFlag(w, f)
	}
}

// ownFlags are the flags of cmd's own (not --demo, --user or the settings'), by name.
func ownFlags(cmd command, l lang) []*flag.Flag {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	cmd.options().flags(fs, l)
	var out []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { out = append(out, f) })
	return out
}

// settingFlags are --config and the settings' flags, in the order `config` lists the
// settings, with their usage in the language l.
func settingFlags(l lang) []*flag.Flag {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	config.AddFlags(fs)
	if l.zh {
		config.UsageInChinese(fs)
	}
	out := []*flag.Flag{fs.Lookup("config")}
	for _, s := range config.Settings() {
		out = append(out, fs.Lookup(s.Flag))
	}
	return out
}

// writeFlag writes one flag: --name and the name of its value, then its usage.
func writeFlag(w io.Writer, f *flag.Flag) {
	_, text := flag.UnquoteUsage(f)
	if v := valueName(f); v != "" {
		fmt.Fprintf(w, "  --%s %s\n", f.Name, v)
	} else {
		fmt.Fprintf(w, "  --%s\n", f.Name)
	}
	fmt.Fprintf(w, "      %s\n", text)
}

// valueName is what the value of flag f is called on the command line: FILE, LOGIN or
// VALUE for a text, the flag package's name for another kind, "" for a flag that takes
// none (--json).
func valueName(f *flag.Flag) string {
	name, _ := flag.UnquoteUsage(f)
	switch {
	case name != "string":
		return name
	case slices.Contains(fileFlags, f.Name):
		return "FILE"
	case slices.Contains(accountFlags, f.Name):
		return "LOGIN"
	}
	return "VALUE"
}

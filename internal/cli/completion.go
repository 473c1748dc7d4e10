package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The completion scripts are made from the command table and each command's flag set
// (newInvocation), so they offer exactly what the command line takes.

// fileFlags are the flags whose value is a file name.
var fileFlags = []string{"config", "client-secret-file", "logo"}

// accountFlags are the flags whose value is a signed-in account's login.
var accountFlags = []string{"user"}

// completionFlag is one flag as the completion scripts offer it.
type completionFlag struct {
	name, usage string
	value       bool // it takes a value (--name VALUE or --name=VALUE)
}

// completionCommand is one command (name "" is the program with no command).
type completionCommand struct {
	name, summary string
	flags         []completionFlag
	operands      []string // the words it takes after its flags ("get", "store", …)
	accounts      bool     // its operand is an account's login
}

// completionTable lists the program with no command, then every command.
func completionTable() []completionCommand {
	table := []completionCommand{{flags: completionFlags(programCommand)}}
	for _, c := range commands() {
		cc := completionCommand{name: c.name, summary: c.summary, flags: completionFlags(c)}
		switch {
		case c.args == "LOGIN":
			cc.accounts = true
		case strings.Contains(c.args, "|"):
			cc.operands = strings.Split(c.args, "|")
		}
		table = append(table, cc)
	}
	return table
}

func completionFlags(cmd command) []completionFlag {
	var out []completionFlag
	newInvocation(cmd, english).fs.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		out = append(out, completionFlag{name: f.Name, usage: brief(f.Usage), value: !ok || !b.IsBoolFlag()})
	})
	return out
}

// brief is the start of a flag's usage, up to its first aside, for a one-line menu.
func brief(s string) string {
	for _, sep := range []string{" ($", "; ", " (", ": "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	if r := []rune(s); len(r) > 72 {
		s = string(r[:71]) + "…"
	}
	return s
}

// completionOptions are `completion SHELL`'s: it has no flags of its own.
type completionOptions struct{}

func (*completionOptions) flags(*flag.FlagSet, lang) {}

// run prints the completion script for the shell named by the operand.
func (*completionOptions) run(_ context.Context, c call) error {
	d := c.d
	if len(c.args) != 1 {
		return &usageError{"usage: atomgit-login completion bash|zsh|fish"}
	}
	table := completionTable()
	switch c.args[0] {
	case "bash":
		writeBash(d.Stdout, table)
	case "zsh":
		writeZsh(d.Stdout, table)
	case "fish":
		writeFish(d.Stdout, table)
	default:
		return &usageError{fmt.Sprintf("completion: no script for %q (bash, zsh or fish)", c.args[0])}
	}
	return nil
}

// valueFlags are the names of the flags that take a value, in any command.
func valueFlags(table []completionCommand) []string {
	var names []string
	for _, c := range table {
		for _, f := range c.flags {
			if f.value && !slices.Contains(names, f.name) {
				names = append(names, f.name)
			}
		}
	}
	return names
}

const generated = "# Generated from atomgit-login's command table: regenerate it rather than edit it.\n"

func writeBash(w io.Writer, table []completionCommand) {
	fmt.Fprintf(w, `# bash completion for atomgit-login: atomgit-login completion bash
%s
# The signed-in accounts' logins, from "atomgit-login accounts" ("* login (name)").
_atomgit_login_accounts() {
	local demo=
	[[ " ${COMP_WORDS[*]} " == *" --demo "* ]] && demo=--demo
	timeout 5 atomgit-login accounts $demo </dev/null 2>/dev/null | sed 's/^. \([^ ]*\).*/\1/'
}

_atomgit_login() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= w i
	local valued=' %s '
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-*=*) ;;
		-*)
			w=${w#-} w=${w#-}
			[[ $valued == *" $w "* ]] && i=$((i + 1))
			;;
		*) cmd=$w && break ;;
		esac
	done
	w=${prev#-} w=${w#-}
	if [[ $prev == -* && $valued == *" $w "* ]]; then
		case $w in
		%s) COMPREPLY=($(compgen -W "$(_atomgit_login_accounts)" -- "$cur")) ;;
		%s) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return 0
	fi
	case $cmd in
`, generated, strings.Join(valueFlags(table), " "), strings.Join(accountFlags, " | "), strings.Join(fileFlags, " | "))
	for _, c := range table {
		var words []string
		for _, f := range c.flags {
			words = append(words, "--"+f.name)
		}
		words = append(words, c.operands...)
		if c.name == "" {
			for _, sub := range table[1:] {
				words = append(words, sub.name)
			}
		}
		extra := ""
		if c.accounts {
			extra = ` $(_atomgit_login_accounts)`
		}
		fmt.Fprintf(w, "\t%s) w=\"%s%s\" ;;\n", shellWord(c.name), strings.Join(words, " "), extra)
	}
	fmt.Fprint(w, `	*) return 0 ;;
	esac
	COMPREPLY=($(compgen -W "$w" -- "$cur"))
}

complete -F _atomgit_login atomgit-login
`)
}

// shellWord is a case pattern for name; ” for the empty name.
func shellWord(name string) string {
	if name == "" {
		return "''"
	}
	return name
}

// quote is s in single quotes for a POSIX shell, zsh or fish.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// fishQuote is s in single quotes for fish, which escapes ' and \ inside them.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func writeZsh(w io.Writer, table []completionCommand) {
	fmt.Fprintf(w, `#compdef atomgit-login
# zsh completion for atomgit-login: atomgit-login completion zsh
%s
# The signed-in accounts' logins, from "atomgit-login accounts" ("* login (name)").
_atomgit_login_accounts() {
	local -a logins
	logins=(${(f)"$(timeout 5 atomgit-login accounts ${words[(r)--demo]} </dev/null 2>/dev/null | sed 's/^. \([^ ]*\).*/\1/')"})
	_describe -t accounts 'signed-in account' logins
}

_atomgit-login() {
	local curcontext=$curcontext state line ret=1
	local -a commands
	commands=(
`, generated)
	for _, c := range table[1:] {
		fmt.Fprintf(w, "\t\t%s\n", quote(c.name+":"+c.summary))
	}
	fmt.Fprint(w, "\t)\n\t_arguments -C \\\n")
	for _, spec := range zshSpecs(table[0]) {
		fmt.Fprintf(w, "\t\t%s \\\n", spec)
	}
	fmt.Fprint(w, `		'1: :->command' \
		'*:: :->args' && ret=0
	case $state in
	command) _describe -t commands command commands && ret=0 ;;
	args)
		case $words[1] in
`)
	for _, c := range table[1:] {
		fmt.Fprintf(w, "\t\t%s)\n\t\t\t_arguments", c.name)
		for _, spec := range zshSpecs(c) {
			fmt.Fprintf(w, " \\\n\t\t\t\t%s", spec)
		}
		fmt.Fprint(w, " && ret=0\n\t\t\t;;\n")
	}
	fmt.Fprint(w, `		esac
		;;
	esac
	return ret
}

if [[ $funcstack[1] == _atomgit-login ]]; then
	_atomgit-login "$@"
else
	compdef _atomgit-login atomgit-login
fi
`)
}

// zshSpecs are c's _arguments specs: its flags, then its operand.
func zshSpecs(c completionCommand) []string {
	esc := strings.NewReplacer(`[`, `\[`, `]`, `\]`, `\`, `\\`)
	var specs []string
	for _, f := range c.flags {
		spec := "--" + f.name + "[" + esc.Replace(f.usage) + "]"
		if f.value {
			action := ""
			switch {
			case slices.Contains(fileFlags, f.name):
				action = "_files"
			case slices.Contains(accountFlags, f.name):
				action = "_atomgit_login_accounts"
			}
			spec = "--" + f.name + "=[" + esc.Replace(f.usage) + "]:" + f.name + ":" + action
		}
		specs = append(specs, quote(spec))
	}
	switch {
	case c.accounts:
		specs = append(specs, quote("1:account:_atomgit_login_accounts"))
	case c.operands != nil:
		specs = append(specs, quote("1:"+c.name+":("+strings.Join(c.operands, " ")+")"))
	}
	return specs
}

func writeFish(w io.Writer, table []completionCommand) {
	fmt.Fprintf(w, `# fish completion for atomgit-login: atomgit-login completion fish
%s
# The signed-in accounts' logins, from "atomgit-login accounts" ("* login (name)").
function __atomgit_login_accounts
	set -l demo
	contains -- --demo (commandline -opc); and set demo --demo
	timeout 5 atomgit-login accounts $demo </dev/null 2>/dev/null | string replace -r '^. (\S+).*' '$1'
end

complete -c atomgit-login -f
`, generated)
	for _, c := range table[1:] {
		fmt.Fprintf(w, "complete -c atomgit-login -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	// One line a flag, offered where a command (or no command yet) takes it.
	type where struct {
		f     completionFlag
		names []string
	}
	var flags []*where
	for _, c := range table {
		for _, f := range c.flags {
			i := slices.IndexFunc(flags, func(x *where) bool { return x.f.name == f.name })
			if i < 0 {
				flags = append(flags, &where{f: f})
				i = len(flags) - 1
			}
			flags[i].names = append(flags[i].names, c.name)
		}
	}
	for _, x := range flags {
		var cond []string
		subs := slices.DeleteFunc(slices.Clone(x.names), func(n string) bool { return n == "" })
		if slices.Contains(x.names, "") {
			cond = append(cond, "__fish_use_subcommand")
		}
		if len(subs) > 0 {
			cond = append(cond, "__fish_seen_subcommand_from "+strings.Join(subs, " "))
		}
		arg := ""
		switch {
		case slices.Contains(fileFlags, x.f.name):
			arg = " -r -F"
		case slices.Contains(accountFlags, x.f.name):
			arg = " -x -a '(__atomgit_login_accounts)'"
		case x.f.value:
			arg = " -x"
		}
		fmt.Fprintf(w, "complete -c atomgit-login -n %s -l %s%s -d %s\n", quote(strings.Join(cond, "; or ")), x.f.name, arg, fishQuote(x.f.usage))
	}
	for _, c := range table[1:] {
		cond := quote("__fish_seen_subcommand_from " + c.name)
		switch {
		case c.accounts:
			fmt.Fprintf(w, "complete -c atomgit-login -n %s -a '(__atomgit_login_accounts)'\n", cond)
		case c.operands != nil:
			fmt.Fprintf(w, "complete -c atomgit-login -n %s -a %s\n", cond, quote(strings.Join(c.operands, " ")))
		}
	}
}

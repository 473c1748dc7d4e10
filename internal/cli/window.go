package cli

import (
	"flag"

	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// secretFlags are the flags that carry the client secret, or a way to read it that works
// only once (standard input): a window started in another process is never given them.
var secretFlags = map[string]bool{"client-secret": true, "client-secret-file": true}

// windowArgs is the command line a window started for this command is given: the
// command, then every flag that was set as --name=value (as the parser read it, so no
// value is mistaken for a flag), without the secret flags.
func windowArgs(cmd *command, fs *flag.FlagSet) []string {
	var args []string
	if cmd != nil {
		args = append(args, cmd.name)
	}
	fs.Visit(func(f *flag.Flag) {
		if !secretFlags[f.Name] {
			args = append(args, "--"+f.Name+"="+f.Value.String())
		}
	})
	return args
}

// WindowCommand is what the window build, started in another process for env, is given:
// its arguments (without the program's name) and its environment, made from environ.
// The client secret is never among the arguments, which every user can read (ps): it
// goes in the environment as ATOMGIT_CLIENT_SECRET, which only this user can read, in
// place of ATOMGIT_CLIENT_SECRET and ATOMGIT_CLIENT_SECRET_FILE. As a variable it beats
// the config file and, with the secret flags left out, is what the window resolves.
func WindowCommand(env *wiring.Env, environ []string) (args, envv []string) {
	return append([]string(nil), env.WindowArgs...), signin.WindowEnviron(env.Config.ClientSecret, environ)
}

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// The window is a program of its own (windowBinary), installed beside the commands': the
// commands are built without GTK and WebKit, whose libraries cost ~100 ms a start, and
// tools call `atomgit-login token` on every git operation. When a command wants the
// window, it hands its command line to that program: on Unix by exec(2), on Windows by
// running it and passing on its exit code.

// ExecWindow is Deps.Desktop for the commands' build: it hands the command line to the
// window program installed beside this one; the client secret goes in its environment,
// never on its command line (WindowCommand).
func ExecWindow(_ context.Context, env *wiring.Env) error {
	path, err := windowPath()
	if err != nil {
		return err
	}
	args, environ := WindowCommand(env, os.Environ())
	return startWindow(path, args, environ)
}

// WindowMissing is Deps.DesktopMissing for the commands' build: it reports that the window
// program is not installed beside this one (a plain go build of the commands), so that the
// commands say so and suggest signing in with login --browser. It is asked only when that
// matters, never on the way to a token: looking costs system calls.
func WindowMissing() bool {
	_, err := windowPath()
	return err != nil
}

// CheckWindow is Deps.CheckWindow: it asks the window program installed beside this one
// (this program, when it is the window program) whether it can open its display, in a
// child process, so that GTK is never loaded into the commands (diagnose).
func CheckWindow(ctx context.Context) error {
	path, err := windowPath()
	if err != nil {
		return err
	}
	return RunCheckDisplay(ctx, path)
}

// windowPath is the window program installed beside this one, or an error saying it is
// not there. Looked up once.
var windowPath = sync.OnceValues(findWindow)

// findWindow is windowPath's lookup.
func findWindow() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(exe), windowBinary)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the window is not installed: %s is missing (scripts/build builds it)", path)
	}
	return path, nil
}

// secretFlags are the flags that carry the client secret, or a way to read it that works
// only once (standard input): a window started in another process is never given them.
var secretFlags = map[string]bool{"client-secret": true, "client-secret-file": true}

// windowArgs is the command line a window started for this command is given: the
// command, then every flag that was set as --name=value (as the parser read it, so no
// value is mistaken for a flag), without the secret flags.
func windowArgs(cmd command, fs *flag.FlagSet) []string {
	var args []string
	if cmd.name != "" {
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

// runWindow runs the program at path with args and exactly the environment environ,
// connected to the given standard streams, and waits for it to end. It returns the
// program's exit code, or an error when it could not be started at all. Used where a
// process cannot replace itself with the window (Windows).
func runWindow(path string, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	cmd := exec.Command(path, args...)
	cmd.Env = environ
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), nil
	case err != nil:
		return 0, fmt.Errorf("starting the window %s: %w", path, err)
	}
	return 0, nil
}

package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// CheckDisplayArg, as the window build's only argument, asks it whether it could open its
// display, and nothing more: exit 0 when it could, 1 (the reason on stderr) when not. No
// window opens. diagnose asks it through RunCheckDisplay.
const CheckDisplayArg = "--check-display"

// RunCheckDisplay runs the window build at path with CheckDisplayArg: nil when it can open
// its display, a *desktop.DisplayError when it cannot, another error when it could not
// even say (not installed, cannot be run, crashed).
func RunCheckDisplay(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, CheckDisplayArg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		return desktop.DisplayTried(os.Getenv)
	case ctx.Err() != nil:
		return fmt.Errorf("%s did not answer within 10 s", path)
	}
	last := strings.TrimSpace(stderr.String())
	if i := strings.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	if last != "" {
		return fmt.Errorf("%s: %v: %s", path, err, last)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// noDisplay says in the language l that the window cannot open, and on which display.
func (l lang) noDisplay(e *desktop.DisplayError) string {
	if e.Display == "" {
		return l.f("the window cannot open: there is no display (%s is not set)", "窗口无法打开：没有显示器（未设置 %s）", e.Variable)
	}
	return l.f("the window cannot open: the display %s (%s) cannot be opened", "窗口无法打开：无法打开显示器 %s（%s）", e.Display, e.Variable)
}

// withoutWindow is the ways to sign in without a window, for env: the system browser
// here, or any browser elsewhere (login --no-browser).
func (l lang) withoutWindow(env *wiring.Env) string {
	demo := ""
	if env.Demo {
		demo = " --demo"
	}
	return l.f("sign in with atomgit-login login --browser%[1]s, or from a browser on another machine with atomgit-login login --no-browser%[1]s",
		"请用 atomgit-login login --browser%[1]s 登录，或用 atomgit-login login --no-browser%[1]s 在另一台机器的浏览器中登录", demo)
}

// displayFailed is the error for a window whose display cannot be opened: one sentence,
// exit 1.
func displayFailed(e *desktop.DisplayError, env *wiring.Env, l lang) error {
	return &exitError{code: ExitNo, msg: l.noDisplay(e) + l.t("; ", "；") + l.withoutWindow(env)}
}

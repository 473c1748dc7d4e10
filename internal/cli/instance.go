package cli

import (
	"context"
	"errors"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// openWindow opens the window for env, or brings the window already open for env's
// realm to the front and returns at once: one window per realm (instance). When two
// start at once, the window's lock decides which one opens.
func openWindow(ctx context.Context, env *wiring.Env, d Deps) error {
	at, err := env.WindowPlace()
	if err != nil {
		return err
	}
	err = instance.AskOrStart(ctx, func(ctx context.Context) error {
		err := instance.Raise(ctx, at)
		if err == nil {
			fmt.Fprintln(d.Stderr, d.lang.t("atomgit-login: the window is already open; brought it to the front",
				"atomgit-login：窗口已经打开，已把它带到前面"))
		}
		return err
	}, func(ctx context.Context) error { return d.Desktop(ctx, env) })
	return windowError(err, env, d.lang)
}

// windowError says in words what went wrong between this process and an open window,
// or why no window could open.
func windowError(err error, env *wiring.Env, l lang) error {
	var de *desktop.DisplayError
	switch {
	case errors.As(err, &de):
		return displayFailed(de, env, l)
	case errors.Is(err, instance.ErrNoAnswer), errors.Is(err, instance.ErrHeld):
		return &exitError{code: ExitNo, msg: l.t("a window is open for this account but does not answer; close it and try again",
			"这个账户的窗口已打开，但没有应答；请关闭它后再试")}
	case errors.Is(err, instance.ErrBusy):
		return &exitError{code: ExitNo, msg: l.t("a window is open for this account but is busy with other requests; try again in a moment",
			"这个账户的窗口已打开，但正忙于处理其他请求；请稍后再试")}
	case errors.Is(err, instance.ErrClosed):
		return &exitError{code: ExitNo, msg: l.t("the window closed before the sign-in ended", "窗口在登录结束前关闭了")}
	}
	return err
}

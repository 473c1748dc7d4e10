package cli

import (
	"context"
	"errors"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
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

// loginInWindow signs in in the window: the one open for env's realm when there is one
// (it signs in with its own settings, or joins the sign-in under way there), else a new
// one that closes once signed in. Either way it prints the account, or why not.
func loginInWindow(ctx context.Context, env *wiring.Env, d Deps) error {
	at, err := env.WindowPlace()
	if err != nil {
		return err
	}
	err = instance.AskOrStart(ctx, func(ctx context.Context) error {
		return loginInOpenWindow(ctx, env, at, d)
	}, func(ctx context.Context) error {
		env.AutoSignIn = true
		if err := d.Desktop(ctx, env); err != nil {
			return err
		}
		return printSignedIn(ctx, env, d)
	})
	var de *desktop.DisplayError
	if errors.As(err, &de) {
		// As without a window build: the system browser, saying so.
		fmt.Fprintln(d.Stderr, "atomgit-login: "+d.lang.f("%s; signing in with the system browser instead (from another machine: atomgit-login login --no-browser)",
			"%s；改为在系统浏览器中登录（在另一台机器上：atomgit-login login --no-browser）", d.lang.noDisplay(de)))
		return loginInBrowser(ctx, env, d)
	}
	return windowError(err, env, d.lang)
}

// loginInOpenWindow asks the window open at at to sign in, and prints the outcome as
// login does. It returns instance.ErrNoWindow when no window is open.
func loginInOpenWindow(ctx context.Context, env *wiring.Env, at instance.Place, d Deps) error {
	o, err := instance.SignIn(ctx, at, func(joined bool) {
		if joined {
			fmt.Fprintln(d.Stderr, d.lang.t("Signing in in the open window (joining the sign-in already under way there)…",
				"正在打开的窗口中登录（加入那里已在进行的登录）…"))
		} else {
			fmt.Fprintln(d.Stderr, d.lang.t("Signing in in the open window…", "正在打开的窗口中登录…"))
		}
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return &exitError{code: ExitNo, msg: d.lang.t("stopped waiting; the sign-in goes on in the window", "已停止等待；登录仍在窗口中进行")}
	case err != nil:
		return err
	case o.Problem != nil && o.Problem.Code == session.CodeCancelled:
		return &exitError{code: ExitNo, msg: d.lang.t("sign-in cancelled", "登录已取消")}
	case o.Problem != nil:
		return &exitError{code: ExitNo, msg: d.lang.whyNot(session.Status{State: session.Failed, Error: o.Problem}, nil, env)}
	}
	return printSignedIn(ctx, env, d)
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

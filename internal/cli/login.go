package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"context"
	"errors"
	"flag"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
)

// runLogin signs in and returns when signed in: in the app's window (the one already open
// for the realm, if any), or with --browser (or the browser setting) in the system
// browser without any window. The sign-in is signin's, as the public package's is; here
// it is told how to show the person where to go, and its outcome is put in words.
func runLogin(ctx context.Context, env *wiring.Env, _ *flag.FlagSet, d Deps) error {
	l := d.lang
	o := signin.Options{
		Env:     env,
		Browser: env.Config.Browser,
		Accepted: func(joined bool) {
			if joined {
				fmt.Fprintln(d.Stderr, l.t("Signing in in the open window (joining the sign-in already under way there)…",
					"正在打开的窗口中登录（加入那里已在进行的登录）…"))
			} else {
				fmt.Fprintln(d.Stderr, l.t("Signing in in the open window…", "正在打开的窗口中登录…"))
			}
		},
		Browse: func(_ context.Context, start session.Start) {
			fmt.Fprint(d.Stderr, l.f("Opening %s in your browser. If it does not open, visit:\n  %s\n", "正在浏览器中打开 %s。如果没有打开，请访问：\n  %s\n", start.Host, start.URL))
			if err := signin.OpenBrowser(start.URL); err != nil {
				fmt.Fprintln(d.Stderr, l.f("(no browser could be opened: %v)", "（无法打开浏览器：%v）", err))
			}
		},
	}
	if !o.Browser {
		if d.noDesktop() {
			return &exitError{code: ExitNo, msg: l.f("there is no window here; sign in with: %s", "这里没有窗口；登录请运行：%s", signInCommand(env))}
		}
		o.Window = func(ctx context.Context) error {
			env.AutoSignIn = true
			return d.Desktop(ctx, env)
		}
	}
	if _, err := signin.Run(ctx, o); err != nil {
		return loginFailed(ctx, err, env, l)
	}
	return printSignedIn(ctx, env, d)
}

// loginFailed says why a sign-in ended without an account.
func loginFailed(ctx context.Context, err error, env *wiring.Env, l lang) error {
	var (
		failed     *signin.Failed
		cannotKeep *signin.CannotKeep
		notKept    *signin.NotKept
	)
	switch {
	case errors.As(err, &failed) && failed.Cancelled():
		return &exitError{code: ExitNo, msg: l.t("sign-in cancelled", "登录已取消")}
	case errors.As(err, &failed):
		return &exitError{code: ExitNo, msg: l.whyNot(failed.Status, nil, host(env, l), signInCommand(env))}
	case errors.As(err, &cannotKeep):
		return &exitError{code: ExitNo, msg: l.f("cannot sign in here: the tokens could not be kept: %s", "无法在此登录：令牌无法保存：%s", l.problemText(cannotKeep.Problem))}
	case errors.As(err, &notKept):
		return &exitError{code: ExitNo, msg: l.f("cannot keep the sign-in of %s (@%s): %s", "无法保存 %s（@%s）的登录：%s",
			displayText(notKept.Account.Name), displayText(notKept.Account.Login), l.problemText(notKept.Problem))}
	case errors.Is(err, signin.ErrNoSignIn):
		return &exitError{code: ExitNo, msg: l.t("not signed in", "尚未登录")}
	case ctx.Err() != nil:
		return &exitError{code: ExitNo, msg: l.t("stopped waiting; the sign-in goes on in the window", "已停止等待；登录仍在窗口中进行")}
	}
	return windowError(err, l)
}

func printSignedIn(ctx context.Context, env *wiring.Env, d Deps) error {
	_, st, err := settle(ctx, env)
	if err != nil {
		return err
	}
	if st.State != session.SignedIn && !signin.ShortLived(st) || st.Account == nil {
		return &exitError{code: ExitNo, msg: d.lang.t("not signed in", "尚未登录")}
	}
	if _, err = fmt.Fprintln(d.Stdout, d.lang.signedIn(host(env, d.lang), st.Account.Name, st.Account.Login)); err != nil {
		return err
	}
	if signin.ShortLived(st) { // signed in, but tools will mostly get no token: say why
		fmt.Fprintln(d.Stderr, d.lang.f("warning: %s", "警告：%s", d.lang.problemText(st.Error)))
	}
	return nil
}

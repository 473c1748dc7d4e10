package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// loginOptions are `login`'s (--browser is a setting, not one of its own).
type loginOptions struct {
	noBrowser bool // sign in from a browser anywhere, pasting back where it ended
}

func (o *loginOptions) flags(fs *flag.FlagSet, l lang) {
	fs.BoolVar(&o.noBrowser, "no-browser", false, l.t("sign in from a browser anywhere, another machine's too (over SSH): print the address to open, then read the address the browser ended on from standard input",
		"在任意浏览器中登录，也可以是另一台机器上的（通过 SSH）：输出要打开的地址，然后从标准输入读取浏览器最后到达的地址"))
}

// run signs in and returns when signed in: in the app's window (the one already open
// for the realm, if any), with --browser (or the browser setting) in the system browser
// without any window, or with --no-browser in any browser, anywhere, the person pasting
// back where it ended. The sign-in is signin's, as the public package's is; here it is
// told how to show the person where to go, and its outcome is put in words.
func (o *loginOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	l := d.lang
	so := signin.Options{
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
	switch {
	case o.noBrowser:
		if f := c.fs.Lookup("client-secret-file"); f != nil && f.Value.String() == "-" {
			return &usageError{l.t("login --no-browser reads the address from standard input: give the client secret another way than --client-secret-file -",
				"login --no-browser 从标准输入读取地址：请不要用 --client-secret-file - 提供 Client Secret，改用其他方式")}
		}
		so.Paste = pasteFrom(env, d)
	case so.Browser:
	case d.noDesktop():
		return &exitError{code: ExitNo, msg: l.f("there is no window here; sign in with: %s", "这里没有窗口；登录请运行：%s", signInCommand(env))}
	default:
		so.Window = func(ctx context.Context) error {
			env.AutoSignIn = true
			return d.Desktop(ctx, env)
		}
	}
	_, err := signin.Run(ctx, so)
	var de *desktop.DisplayError
	if errors.As(err, &de) {
		// As without a window build: the system browser, saying so.
		fmt.Fprintln(d.Stderr, "atomgit-login: "+l.f("%s; signing in with the system browser instead (from another machine: atomgit-login login --no-browser)",
			"%s；改为在系统浏览器中登录（在另一台机器上：atomgit-login login --no-browser）", l.noDisplay(de)))
		so.Browser, so.Window = true, nil
		_, err = signin.Run(ctx, so)
	}
	if err != nil {
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
		exit       *exitError
	)
	switch {
	case errors.As(err, &exit): // said already (standard input ended)
		return err
	case errors.As(err, &failed) && failed.Cancelled():
		return &exitError{code: ExitNo, msg: l.t("sign-in cancelled", "登录已取消")}
	case errors.As(err, &failed):
		return &exitError{code: ExitNo, msg: l.whyNot(failed.Status, nil, env)}
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
	return windowError(err, env, l)
}

func printSignedIn(ctx context.Context, env *wiring.Env, d Deps) error {
	st, err := settle(ctx, env)
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

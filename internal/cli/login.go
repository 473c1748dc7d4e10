package cli

import (
	"context"
	"flag"
	"fmt"
	"os/exec"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
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
// back where it ended.
func (o *loginOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	if o.noBrowser {
		if f := c.fs.Lookup("client-secret-file"); f != nil && f.Value.String() == "-" {
			return &usageError{d.lang.t("login --no-browser reads the address from standard input: give the client secret another way than --client-secret-file -",
				"login --no-browser 从标准输入读取地址：请不要用 --client-secret-file - 提供 Client Secret，改用其他方式")}
		}
		return loginByPaste(ctx, env, d)
	}
	if env.Config.Browser {
		return loginInBrowser(ctx, env, d)
	}
	if d.noDesktop() {
		return &exitError{code: ExitNo, msg: d.lang.f("there is no window here; sign in with: %s", "这里没有窗口；登录请运行：%s", signInCommand(env))}
	}
	return loginInWindow(ctx, env, d)
}

// loginInBrowser runs the loopback flow with the authorize page in the system browser.
func loginInBrowser(ctx context.Context, env *wiring.Env, d Deps) error {
	l := d.lang
	return signInOutside(ctx, env, d, (*session.Manager).BeginBrowserSignIn, func(_ *session.Manager, start session.Start) <-chan error {
		fmt.Fprint(d.Stderr, l.f("Opening %s in your browser. If it does not open, visit:\n  %s\n", "正在浏览器中打开 %s。如果没有打开，请访问：\n  %s\n", start.Host, start.URL))
		if err := exec.CommandContext(ctx, "xdg-open", start.URL).Start(); err != nil {
			fmt.Fprintln(d.Stderr, l.f("(no browser could be opened: %v)", "（无法打开浏览器：%v）", err))
		}
		return nil
	})
}

// signInOutside runs a sign-in whose authorize page opens outside the window: begin
// starts the attempt, show tells the person where to go (and may read what they give
// back: an error on the channel it returns ends the attempt with that error). It returns
// when the attempt has ended, having printed the account, or with why not.
func signInOutside(ctx context.Context, env *wiring.Env, d Deps, begin func(*session.Manager) (session.Start, error),
	show func(*session.Manager, session.Start) <-chan error) error {
	l := d.lang
	changed := make(chan session.Status, 16)
	m, err := env.Open(ctx, wiring.SessionOptions{OnStatus: func(s session.Status) {
		select {
		case changed <- s:
		default:
		}
	}})
	if err != nil {
		return err
	}
	defer m.Close()
	for len(changed) > 0 { // what loading the stored session said
		<-changed
	}
	if st := m.Status(); st.Account == nil && st.StorageProblem != nil {
		// The tokens would die with this process: say so before the person signs in.
		return &exitError{code: ExitNo, msg: l.f("cannot sign in here: the tokens could not be kept: %s", "无法在此登录：令牌无法保存：%s", l.problemText(st.StorageProblem))}
	}
	start, err := begin(m.Manager)
	if err != nil {
		return err
	}
	stop := show(m.Manager, start)
	// Only this attempt's end counts: a refresh of the session already stored, or a
	// change made by another process, says nothing about it.
	finishing := false
	for {
		select {
		case <-ctx.Done():
			m.CancelSignIn()
			return &exitError{code: ExitNo, msg: l.t("sign-in cancelled", "登录已取消")}
		case err := <-stop:
			m.CancelSignIn()
			return err
		case s := <-changed:
			switch {
			case s.State == session.Finishing:
				finishing = true
			case s.State == session.Opening || s.State == session.Waiting || s.State == session.KeyringWait:
			case shortLived(s) && finishing && s.Account != nil:
				// Signed in, and stored; but AtomGit's tokens expire too soon to use.
				return printSignedIn(ctx, env, d)
			case s.Error != nil || s.State == session.Failed || s.State == session.SignedOut:
				// The attempt failed; a session stored before it may still show.
				s.Account = nil
				return &exitError{code: ExitNo, msg: l.whyNot(s, nil, env)}
			case s.State == session.SignedIn && finishing && s.Account != nil && s.StorageProblem != nil:
				// Signed in, in this process's memory only: it ends with the command.
				return &exitError{code: ExitNo, msg: l.f("cannot keep the sign-in of %s (@%s): %s", "无法保存 %s（@%s）的登录：%s",
					displayText(s.Account.Name), displayText(s.Account.Login), l.problemText(s.StorageProblem))}
			case s.State == session.SignedIn && finishing:
				return printSignedIn(ctx, env, d)
			}
		}
	}
}

func printSignedIn(ctx context.Context, env *wiring.Env, d Deps) error {
	st, err := settle(ctx, env)
	if err != nil {
		return err
	}
	if st.State != session.SignedIn && !shortLived(st) || st.Account == nil {
		return &exitError{code: ExitNo, msg: d.lang.t("not signed in", "尚未登录")}
	}
	if _, err = fmt.Fprintln(d.Stdout, d.lang.signedIn(host(env, d.lang), st.Account.Name, st.Account.Login)); err != nil {
		return err
	}
	if shortLived(st) { // signed in, but tools will mostly get no token: say why
		fmt.Fprintln(d.Stderr, d.lang.f("warning: %s", "警告：%s", d.lang.problemText(st.Error)))
	}
	return nil
}

// shortLived reports whether st is a session whose tokens AtomGit issues with a lifetime
// too short to refresh them in time: signed in, or offline until the next refresh.
func shortLived(st session.Status) bool {
	return st.Error != nil && st.Error.Code == session.CodeShortLived && (st.State == session.SignedIn || st.State == session.Offline)
}

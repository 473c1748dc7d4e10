package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// maxPaste bounds a pasted line: a callback address is a few hundred bytes.
const maxPaste = 64 << 10

// pasteFrom is signin.Options.Paste for login --no-browser: it prints the authorize
// page's address, and reads from standard input the address the browser ended on (the
// callback, which fails to load where nothing listens), or just its code and state. A
// paste that is not this sign-in's answer is refused with why, and reading goes on until
// the attempt's time limit. Nothing listens on a port.
func pasteFrom(env *wiring.Env, d Deps) func(context.Context, session.Start, func(string) error) <-chan error {
	l := d.lang
	return func(_ context.Context, start session.Start, submit func(string) error) <-chan error {
		redirect := env.Config.RedirectURI
		fmt.Fprint(d.Stderr, l.f("Open this address in a browser, on this machine or another, and sign in to %s there:\n  %s\n"+
			"The browser then goes to %s?code=…, which does not load: copy that address from its address bar and paste it here "+
			"(or just its code=…&state=…).\n",
			"请在浏览器（本机或另一台机器上的均可）中打开以下地址，并在那里登录 %s：\n  %s\n"+
				"浏览器随后会转到 %s?code=…，该页面无法加载：请从地址栏复制这个地址并粘贴到这里（或只粘贴其中的 code=…&state=…）。\n",
			start.Host, start.URL, redirect))
		return readPastes(submit, redirect, d)
	}
}

// readPastes hands each line of standard input to the sign-in under way until one ends
// it, saying why each refused one was refused. When standard input ends first, the
// returned channel says so (the attempt is then cancelled).
func readPastes(submit func(string) error, redirect string, d Deps) <-chan error {
	l := d.lang
	ended := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(d.Stdin)
		sc.Buffer(make([]byte, 4096), maxPaste)
		prompt := func() { fmt.Fprint(d.Stderr, l.t("Address: ", "地址：")) }
		prompt()
		for sc.Scan() {
			err := submit(sc.Text())
			switch {
			case err == nil, errors.Is(err, authflow.ErrDecided), errors.Is(err, session.ErrNoAttempt):
				fmt.Fprintln(d.Stderr)
				return // the attempt has its answer: the sign-in says how it ended
			}
			if sc.Text() != "" {
				fmt.Fprintln(d.Stderr, l.pasteRefused(err, redirect))
			}
			prompt()
		}
		fmt.Fprintln(d.Stderr)
		ended <- &exitError{code: ExitNo, msg: l.t("standard input ended before the address was pasted (login --no-browser reads it there: run it in a terminal)",
			"在粘贴地址之前标准输入已结束（login --no-browser 从标准输入读取地址：请在终端中运行）")}
	}()
	return ended
}

// pasteRefused says why a paste was not this sign-in's answer, and what to paste.
func (l lang) pasteRefused(err error, redirect string) string {
	var ce *authflow.CallbackError
	switch {
	case errors.Is(err, authflow.ErrNotCallback):
		return l.f("That is not the address the browser ended on: paste the one that begins with %s, or its code=…&state=….",
			"这不是浏览器最后到达的地址：请粘贴以 %s 开头的地址，或其中的 code=…&state=…。", redirect)
	case errors.As(err, &ce) && ce.Code == authflow.CodeStateMismatch:
		return l.t("That answer belongs to another sign-in (an earlier one?), not to this one: paste the address your browser shows after signing in at the address above.",
			"这个应答属于另一次登录（之前的一次？），不属于这一次：请粘贴你在上面的地址登录后浏览器显示的地址。")
	}
	return l.failure(err)
}

package cli

import (
	"os"
	"runtime"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/signin"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// problemClauses says what each problem code means, in English and in Chinese, as a
// clause that a sentence can end with. Every code that session or authflow can send has
// one (a test reads the codes from their source). The Chinese is the window's sentence
// for the code (frontend/src/i18n.ts) without its last full stop, and at times a hint
// after it (a test checks), so that the app and its commands say the same. An array,
// not a map: nothing is built when the program starts.
var problemClauses = [...]struct{ code, en, zh string }{
	{authflow.CodeDenied, "you declined on AtomGit's page", "你在 AtomGit 页面上拒绝了授权，因此未登录"},
	{authflow.CodeStateMismatch, "the answer did not belong to this sign-in, so nothing was stored; please try again", "收到的应答不属于这次登录，未保存任何内容。请重试"},
	{authflow.CodeMissingCode, "AtomGit's answer had no sign-in code; please try again", "AtomGit 的应答中没有登录代码。请重试"},
	{authflow.CodeProvider, "AtomGit reported a problem", "AtomGit 报告了一个问题"},
	{authflow.CodeUnexpected, "the callback address was sent something other than AtomGit's answer", "回调地址收到的不是 AtomGit 的应答，未保存任何内容。请重试"},
	{session.CodePortInUse, "another program uses the callback address", "回调地址已被其他程序占用"},
	{session.CodeTimeout, "the sign-in took too long and was stopped", "登录耗时过长，已停止"},
	{session.CodeCancelled, "the sign-in was cancelled", "登录已取消"},
	{session.CodeExchangeFailed, "AtomGit refused the sign-in", "AtomGit 拒绝了这次登录"},
	{session.CodeUserFailed, "AtomGit did not return the account's details", "AtomGit 没有返回你的账号信息"},
	{session.CodeNetwork, "AtomGit cannot be reached", "无法连接到 AtomGit"},
	{session.CodeServer, "AtomGit had a problem; try again in a moment", "AtomGit 出现了问题。请稍后重试"},
	{session.CodeInvalidGrant, "the grant was revoked or has expired", "会话已结束，或访问权限已在 AtomGit 上被撤销"},
	{session.CodeKeyringUnavailable, "the system keyring is not available", "系统钥匙环不可用"},
	{session.CodeKeyringTimeout, "the system keyring did not answer in time (is it locked?)", "系统钥匙环没有及时响应（是否已锁定？）"},
	{session.CodeKeyringTooBig, "AtomGit's token is larger than the keyring entry allows", "AtomGit 的令牌超过了钥匙环条目允许的大小"},
	{session.CodeShortLived, "AtomGit's access tokens expire too soon after they are issued to be refreshed in time; is this computer's clock right?", "AtomGit 的访问令牌签发后很快就过期，来不及按时刷新。请检查本机的时钟是否准确"},
	{session.CodeLockUnavailable, "the lock file in the cache folder cannot be used (check its permissions)", "缓存文件夹中的锁文件无法使用，因此无法安全地刷新或更改已保存的登录。请检查该文件夹的权限"},
	{session.CodeClientRefused, "AtomGit refused this app's settings, not your account", "AtomGit 拒绝的是本应用的设置，而不是你的账户"},
	{session.CodeInternal, "something went wrong inside the app", "应用内部出现了问题"},
}

// problemClause is what code means in the language l, and whether it is known.
func (l lang) problemClause(code string) (string, bool) {
	for _, c := range problemClauses {
		if c.code == code {
			return l.t(c.en, c.zh), true
		}
	}
	return "", false
}

// problemText is a Problem in the language l for the terminal: what its code means, then
// its detail as it came (a server's words, an address). It is never empty, whatever the
// problem holds; an unknown code is named, so that it can be looked up.
func (l lang) problemText(p *session.Problem) string {
	if p == nil {
		return l.t("something went wrong", "出现了问题")
	}
	text, ok := l.problemClause(p.Code)
	switch {
	case p.Code == session.CodeShortLived && p.Detail != "":
		// The window's sentence, with the lifetime in it.
		return l.f("AtomGit's access tokens expire %s after they are issued, too soon to be refreshed in time: the app waits at least 30 seconds between refreshes, and has no valid token in between. Is this computer's clock right?",
			"AtomGit 的访问令牌在签发后 %s 就过期，来不及按时刷新：本应用两次刷新之间至少等待 30 秒，其间没有有效的令牌。请检查本机的时钟是否准确", displayText(p.Detail))
	case ok:
	case p.Code != "":
		text = l.f("something went wrong (%s)", "出现了问题（%s）", p.Code)
	default:
		text = l.t("something went wrong", "出现了问题")
	}
	if p.Code == session.CodeKeyringTooBig && p.Size > 0 {
		text += l.f(": %d bytes of at most %d", "：%d 字节，上限 %d 字节", p.Size, p.Limit)
	}
	if p.Detail != "" {
		text += l.t(": ", "：") + displayText(p.Detail)
	}
	if p.Code == session.CodePortInUse {
		setting := p.Setting
		if setting == "" {
			setting = l.t("the redirect_uri setting", "redirect_uri 设置")
		}
		text += l.f("; change %s and register the new URL with the OAuth app", "。请修改 %s，并在 OAuth 应用中登记新的地址", setting)
	}
	return text
}

// whyNot says in one line, in the language l, why st gives no token, or why its sign-in
// failed, and what to do: the one place where the commands turn a status into words.
// env is where the command runs: the AtomGit the account belongs to, the command that
// signs in there (signInCommand), and its settings, which a refusal of the app's settings
// names. err is what the command got, for when the status says nothing. The line is
// never empty.
func (l lang) whyNot(st session.Status, err error, env *wiring.Env) string {
	host, signIn := host(env, l), signInCommand(env)
	switch {
	case st.State == session.Reauth:
		who := l.f("the session on %s", "%s 上的会话", host)
		if a := st.Account; a != nil {
			who = l.f("the session of %s (@%s) on %s", "%[3]s 上 %[1]s（@%[2]s）的会话", displayText(a.Name), displayText(a.Login), host)
		}
		return l.f("%s has ended: %s; sign in again with: %s", "%s已失效：%s；重新登录请运行：%s", who, l.explain(st.Error, env), signIn)
	case st.Account == nil && st.StorageProblem != nil:
		return l.f("cannot read the stored sign-in: %s", "无法读取已保存的登录：%s", l.problemText(st.StorageProblem))
	case st.Account == nil && st.Error != nil:
		return l.f("sign-in to %s failed: %s", "登录 %s 失败：%s", host, l.explain(st.Error, env))
	case st.Account == nil:
		return l.f("not signed in to %s; sign in with: %s", "尚未登录 %s；登录请运行：%s", host, signIn)
	case st.Error != nil && st.Error.Code == session.CodeShortLived && st.RetryAt != nil:
		return l.f("no valid token for %s until the next refresh, at %s: %s", "在 %[2]s 下次刷新之前，没有 %[1]s 的有效令牌：%[3]s",
			host, st.RetryAt.Local().Format(time.TimeOnly), l.problemText(st.Error))
	case st.Error != nil:
		return l.f("cannot refresh the token for %s: %s", "无法刷新 %s 的令牌：%s", host, l.explain(st.Error, env))
	case err != nil:
		return l.f("no token for %s: %v", "没有 %s 的令牌：%v", host, err)
	}
	return l.f("no token for %s", "没有 %s 的令牌", host)
}

// signInCommand is the command that signs in where env runs: the window (atomgit-login)
// where one can open, else the system browser (atomgit-login login --browser): with no
// display, or in the commands-only build with no window installed beside it. The demo
// adds --demo.
func signInCommand(env *wiring.Env) string {
	cmd := "atomgit-login"
	getenv := env.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if env.NoWindow != nil && env.NoWindow() || !signin.HasDisplay(runtime.GOOS, getenv) {
		cmd += " login --browser"
	}
	if env.Demo {
		cmd += " --demo"
	}
	return cmd
}

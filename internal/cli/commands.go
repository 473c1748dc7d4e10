package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// StatusJSON is what `status --json` prints: one object, stable field names.
type StatusJSON struct {
	SignedIn         bool             `json:"signed_in"`
	TokenValid       bool             `json:"token_valid"` // a valid access token is available now: exit 0 only then
	State            session.State    `json:"state"`
	Login            string           `json:"login,omitempty"`
	Name             string           `json:"name,omitempty"`
	ExpiresAt        *time.Time       `json:"expires_at,omitempty"`
	RefreshExpiresAt *time.Time       `json:"refresh_expires_at,omitempty"`
	Storage          session.Storage  `json:"storage"`
	StorageProblem   *session.Problem `json:"storage_problem,omitempty"`
	Problem          *session.Problem `json:"problem,omitempty"`
	Host             string           `json:"host"`
	Demo             bool             `json:"demo"`
}

// jsonFlag registers --json on fs, into p.
func jsonFlag(fs *flag.FlagSet, p *bool, l lang) {
	fs.BoolVar(p, "json", false, l.t("print one JSON object for tools", "为工具输出一个 JSON 对象"))
}

// settle opens the session for a command and, when the access token is due, refreshes it
// first, so that what is printed is what a tool would get.
func settle(ctx context.Context, env *wiring.Env) (session.Status, error) {
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if err != nil {
		return session.Status{}, err
	}
	defer m.Close()
	st := m.Status()
	if st.State == session.Refreshing || st.State == session.SignedIn {
		_, _ = m.Token(ctx) // the status says what happened
		st = m.Status()
	}
	return st, nil
}

// statusOptions are `status`'s.
type statusOptions struct {
	json bool // one JSON object for tools
}

func (o *statusOptions) flags(fs *flag.FlagSet, l lang) { jsonFlag(fs, &o.json, l) }

// run says who is signed in; the exit code says whether a valid token is at hand.
func (o *statusOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	st, err := settle(ctx, env)
	if err != nil {
		return err
	}
	signedIn := st.State == session.SignedIn || st.State == session.Offline
	// Signed in is not enough for a tool: a refresh that could not run (offline, the lock
	// not to be had) leaves an access token that no longer works.
	valid := signedIn && st.ExpiresAt != nil && time.Now().Before(*st.ExpiresAt)
	// For tools: in English whatever the locale.
	out := StatusJSON{SignedIn: signedIn, TokenValid: valid, State: st.State, Storage: st.Storage, StorageProblem: st.StorageProblem,
		Problem: st.Error, Host: host(env, english), Demo: env.Demo, ExpiresAt: st.ExpiresAt, RefreshExpiresAt: st.RefreshExpiresAt}
	if st.Account != nil {
		out.Login, out.Name = st.Account.Login, st.Account.Name
	}
	if !signedIn {
		out.ExpiresAt, out.RefreshExpiresAt = nil, nil
	}
	if o.json {
		if err := writeJSONLine(d.Stdout, out); err != nil {
			return err
		}
		if !valid {
			return &exitError{code: ExitNo}
		}
		return nil
	}
	return printStatus(env, st, out, d)
}

func printStatus(env *wiring.Env, st session.Status, out StatusJSON, d Deps) error {
	l := d.lang
	w := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	if !out.SignedIn {
		fmt.Fprintln(w, capitalised(l.whyNot(st, nil, env)))
		return &exitError{code: ExitNo}
	}
	fmt.Fprintln(w, l.signedIn(host(env, l), out.Name, out.Login))
	if out.ExpiresAt != nil {
		left := l.t("expired", "已过期")
		if out.TokenValid {
			left = l.timeLeft(time.Until(*out.ExpiresAt))
		}
		fmt.Fprint(w, l.f("  access token\texpires %s (%s)\n", "  访问令牌\t%s 过期（%s）\n", out.ExpiresAt.Local().Format(time.DateTime), left))
	}
	if out.RefreshExpiresAt != nil {
		fmt.Fprint(w, l.f("  refresh token\texpires %s\n", "  刷新令牌\t%s 过期\n", out.RefreshExpiresAt.Local().Format(time.DateTime)))
	}
	if v := env.Vault(); env.Config.TokenFile != "" {
		fmt.Fprint(w, l.f("  stored in\t%s (plain text, as the storage setting asks)\n", "  保存位置\t%s（明文，按 storage 设置的要求）\n", env.Config.TokenFile))
	} else {
		fmt.Fprint(w, l.f("  stored in\tthe system keyring (service %q, account %q)\n", "  保存位置\t系统钥匙环（服务 %q，账户 %q）\n", v.Service, v.Key))
	}
	switch {
	case st.State == session.Offline && st.Error != nil && st.Error.Code == session.CodeShortLived && st.RetryAt != nil:
		fmt.Fprint(w, l.f("  problem\tno refresh before %s: %s\n", "  问题\t%s 之前不会刷新：%s\n", st.RetryAt.Local().Format(time.TimeOnly), l.problemText(st.Error)))
	case st.State == session.Offline:
		fmt.Fprint(w, l.f("  problem\tcannot refresh now: %s\n", "  问题\t现在无法刷新：%s\n", l.explain(st.Error, env)))
	case st.Error != nil && st.Error.Code == session.CodeShortLived:
		fmt.Fprint(w, l.f("  problem\t%s\n", "  问题\t%s\n", l.problemText(st.Error)))
	}
	if !out.TokenValid {
		fmt.Fprint(w, l.t("  no valid access token now: tools get none until a refresh succeeds\n", "  现在没有有效的访问令牌：刷新成功之前，工具拿不到令牌\n"))
		w.Flush()
		return &exitError{code: ExitNo}
	}
	return nil
}

// signedIn says that the account name (@login) is signed in to host. name and login come
// from the server and are made safe here.
func (l lang) signedIn(host, name, login string) string {
	return l.f("Signed in to %s as %s (@%s)", "已登录到 %s，账户为 %s（@%s）", host, displayText(name), displayText(login))
}

// timeLeft says when a token that expires in d does, for people: to the minute, and
// "in less than a minute" rather than "in 0s".
func (l lang) timeLeft(d time.Duration) string {
	if d < time.Minute {
		return l.t("in less than a minute", "不到一分钟后")
	}
	d = d.Round(time.Minute)
	if l.zh {
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if h == 0 {
			return fmt.Sprintf("%d 分钟后", m)
		}
		return fmt.Sprintf("%d 小时 %d 分钟后", h, m)
	}
	return "in " + strings.TrimSuffix(d.String(), "0s") // "2h5m0s"
}

// tokenOptions are `token`'s.
type tokenOptions struct {
	refused bool // AtomGit refused the token given on standard input
}

func (o *tokenOptions) flags(fs *flag.FlagSet, l lang) {
	fs.BoolVar(&o.refused, "refused", false, l.t("AtomGit answered 401 to the token given on standard input: refresh it unless it is no longer the current one, and print the token to use",
		"AtomGit 对标准输入中给出的令牌回答了 401：除非它已不是当前的令牌，否则刷新它，并输出应使用的令牌"))
}

// run prints a valid access token, refreshing it first when it is due or refused.
func (o *tokenOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	var refused string
	if o.refused {
		// On standard input, not the command line, where every user could read it in ps.
		line, err := bufio.NewReader(io.LimitReader(d.Stdin, 64<<10)).ReadString('\n')
		refused = strings.TrimSpace(line)
		if refused == "" {
			return &usageError{d.lang.f("token --refused reads the refused token from standard input, and got none (%v)",
				"token --refused 从标准输入读取被拒绝的令牌，但没有读到（%v）", err)}
		}
	}
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if err != nil {
		return err
	}
	defer m.Close()
	tok, err := "", nil
	if refused != "" {
		tok, err = m.Refused(ctx, refused)
	} else {
		tok, err = m.Token(ctx)
	}
	if err != nil {
		return &exitError{code: ExitNo, msg: d.lang.whyNot(m.Status(), err, env)}
	}
	_, err = fmt.Fprintln(d.Stdout, tok)
	return err
}

// logoutOptions are `logout`'s: it has no flags of its own (--user picks the account).
type logoutOptions struct{}

func (*logoutOptions) flags(*flag.FlagSet, lang) {}

// run signs the active account, or --user, out.
func (*logoutOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	// The Keeper waits for a refresh under way in another process, so that nothing it
	// writes outlives the sign-out; open windows follow.
	k, err := env.Keeper()
	if err != nil {
		return err
	}
	gone, next, err := k.SignOut(ctx, env.User)
	if err != nil {
		return err
	}
	l := d.lang
	if gone != "" {
		fmt.Fprintln(d.Stderr, l.f("Signed %s out of %s.", "已让 %s 退出 %s 的登录。", displayText(gone), host(env, l)))
	} else {
		fmt.Fprintln(d.Stderr, l.f("Signed out of %s.", "已退出 %s 的登录。", host(env, l)))
	}
	if next != "" && next != gone {
		fmt.Fprintln(d.Stderr, l.f("The active account is now %s.", "当前账户现在是 %s。", displayText(next)))
	}
	return nil
}

// accountsOptions are `accounts`'.
type accountsOptions struct {
	json bool // one JSON array for tools
}

func (o *accountsOptions) flags(fs *flag.FlagSet, l lang) { jsonFlag(fs, &o.json, l) }

// run lists the signed-in accounts.
func (o *accountsOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	// Read under the realm's lock, as the window lists them: never halfway through a
	// switch or a sign-out in another process.
	k, err := env.Keeper()
	if err != nil {
		return err
	}
	list, err := k.List(ctx)
	if err != nil {
		return err
	}
	if o.json {
		if list == nil {
			list = []session.AccountEntry{}
		}
		return writeJSONLine(d.Stdout, list)
	}
	if len(list) == 0 {
		return &exitError{code: ExitNo, msg: d.lang.f("no account is signed in to %s; sign in with: %s",
			"%s 上没有已登录的账户；登录请运行：%s", host(env, d.lang), signInCommand(env))}
	}
	for _, a := range list {
		mark := " "
		if a.Active {
			mark = "*"
		}
		fmt.Fprintf(d.Stdout, "%s %s (%s)\n", mark, displayText(a.Login), displayText(a.Name))
	}
	return nil
}

// switchOptions are `switch`'s: it has no flags of its own; its operand is the login.
type switchOptions struct{}

func (*switchOptions) flags(*flag.FlagSet, lang) {}

// run makes the account named by the operand the active one.
func (*switchOptions) run(ctx context.Context, c call) error {
	env, d := c.env, c.d
	if len(c.args) != 1 {
		return &usageError{d.lang.t("usage: atomgit-login switch LOGIN (see: atomgit-login accounts)", "用法：atomgit-login switch LOGIN（见：atomgit-login accounts）")}
	}
	login := c.args[0]
	k, err := env.Keeper()
	if err != nil {
		return err
	}
	if err := k.Switch(ctx, login); err != nil {
		if errors.Is(err, session.ErrNoAccount) {
			return &exitError{code: ExitNo, msg: d.lang.notHere(login)}
		}
		return err
	}
	fmt.Fprintln(d.Stderr, d.lang.f("The active account on %s is now %s.", "%s 上的当前账户现在是 %s。", host(env, d.lang), login))
	return nil
}

// configOptions are `config`'s: it has no flags of its own.
type configOptions struct{}

func (*configOptions) flags(*flag.FlagSet, lang) {}

// run shows every setting in effect and where it came from.
func (*configOptions) run(_ context.Context, c call) error {
	env, d := c.env, c.d
	w := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	l := d.lang
	fmt.Fprint(w, l.f("config file: %s\n", "配置文件：%s\n", env.Config.File))
	if env.Config.SystemFile != "" {
		fmt.Fprint(w, l.f("system file: %s\n", "系统配置文件：%s\n", env.Config.SystemFile))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.t("SETTING\tVARIABLE\tVALUE\tFROM", "设置\t环境变量\t值\t来源"))
	for _, v := range env.Config.Values() {
		val := v.Value
		if v.Secret {
			val = config.Mask(val)
		}
		if val == "" {
			val = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", v.Key, v.Env, val, l.source(v))
	}
	return nil
}

// source is where a setting's value came from, for the config command's FROM column, in
// the language l: in English the source's own name, with the path of the system file.
func (l lang) source(v config.Value) string {
	if v.Source == config.FromSystemFile {
		return l.f("system file: %s", "系统配置文件：%s", v.File)
	}
	if !l.zh {
		return string(v.Source)
	}
	switch v.Source {
	case config.FromDefault:
		return "默认值"
	case config.FromBuiltIn:
		return "内置"
	case config.FromFile:
		return "配置文件"
	case config.FromEnv:
		return "环境变量"
	case config.FromFlag:
		return "命令行选项"
	case config.FromSecretFile:
		return "client_secret_file 指定的文件"
	}
	return string(v.Source)
}

// host is the AtomGit host the account belongs to, for messages in the language l.
func host(env *wiring.Env, l lang) string {
	if env.Demo {
		return l.t("the demo AtomGit", "演示 AtomGit")
	}
	return env.Config.AuthorizeHost()
}

// capitalised starts s with a capital letter, for a sentence of its own; a sentence in
// Chinese is left as it is.
func capitalised(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

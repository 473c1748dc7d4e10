package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Finding is what one of diagnose's checks found. ID names the check for tools (version,
// settings, dbus, storage, display, callback, host, clock, app_authorize, app_token, proxy,
// windows); OK is false when it failed, and Fix then says what to do, in one sentence.
// Skipped checks (they need what an earlier one found missing) are OK. Never a token, a
// code or a secret.
type Finding struct {
	ID      string         `json:"id"`
	OK      bool           `json:"ok"`
	Skipped bool           `json:"skipped,omitempty"`
	Text    string         `json:"text"`
	Fix     string         `json:"fix,omitempty"`
	Data    map[string]any `json:"data,omitempty"`
}

// DiagnoseJSON is what `diagnose --json` prints: one object, in English whatever the
// locale.
type DiagnoseJSON struct {
	OK     bool      `json:"ok"`
	Checks []Finding `json:"checks"`
}

// doctor is what diagnose looks at, given explicitly: the commands' settings, store and
// environment, and the ways to ask the window build and the network.
type doctor struct {
	l      lang
	cfg    *config.Config // nil when the settings could not be loaded: cfgErr says why
	cfgErr error
	env    *wiring.Env // nil likewise
	// store is the keyring the commands use; probe says whether it is the system's, whose
	// Secret Service is looked at first (Linux).
	store  keyring.Store
	probe  bool
	getenv func(string) string
	build  Build
	// checkWindow asks the window build whether it can open its display (nil: it cannot be
	// asked); noWindow reports that no window build is installed.
	checkWindow func(context.Context) error
	noWindow    func() bool
	// timeout bounds each check that waits for something (the keyring, the network).
	timeout time.Duration
	// progress is told, when the network is slow to answer, that diagnose still waits.
	progress io.Writer
}

// diagnoseOptions are `diagnose`'s.
type diagnoseOptions struct {
	json bool // one JSON object for tools
}

func (o *diagnoseOptions) flags(fs *flag.FlagSet, l lang) { jsonFlag(fs, &o.json, l) }

// run checks what the program needs, with the settings as loaded.
func (o *diagnoseOptions) run(ctx context.Context, c call) error {
	dc := newDoctor(c.d, o.json)
	dc.cfg, dc.env, dc.store = c.env.Config, c.env, c.env.Store
	_, dc.probe = c.env.Store.(*keyring.System)
	return dc.report(ctx, c.d, o.json)
}

// runUnloaded is `diagnose` when the settings cannot be loaded: what they do not need is
// checked all the same.
func (o *diagnoseOptions) runUnloaded(ctx context.Context, c call, err error) error {
	dc := newDoctor(c.d, o.json)
	dc.cfgErr = err
	dc.store, dc.probe = c.d.Keyring, c.d.Keyring == nil
	if dc.store == nil {
		dc.store = keyring.NewSystem(keyring.WithTimeout(time.Minute))
	}
	return dc.report(ctx, c.d, o.json)
}

func newDoctor(d Deps, json bool) *doctor {
	dc := &doctor{l: d.lang, getenv: d.Getenv, build: d.Build, checkWindow: d.CheckWindow, noWindow: d.noDesktop, timeout: 10 * time.Second, progress: d.Stderr}
	if json {
		dc.l = english // for tools: the same words in every language
	}
	return dc
}

// report runs every check and prints what each found: a line each, or one JSON object.
// It fails with exit 1 unless every check passed.
func (dc *doctor) report(ctx context.Context, d Deps, asJSON bool) error {
	found := dc.run(ctx)
	ok := true
	for _, f := range found {
		ok = ok && f.OK
	}
	if asJSON {
		if err := writeJSONLine(d.Stdout, DiagnoseJSON{OK: ok, Checks: found}); err != nil {
			return err
		}
	} else {
		for _, f := range found {
			fmt.Fprintln(d.Stdout, dc.l.findingLine(f))
		}
	}
	if !ok {
		return &exitError{code: ExitNo}
	}
	return nil
}

// run runs the checks: the local ones in order, the network's at once.
func (dc *doctor) run(ctx context.Context) []Finding {
	net := make(chan []Finding, 1)
	go func() { net <- dc.network(ctx) }()
	out := []Finding{dc.version(), dc.settings()}
	out = append(out, dc.keyring(ctx)...)
	out = append(out, dc.display(ctx), dc.callback(ctx))
	out = append(out, <-net...)
	return append(out, dc.proxy(), dc.windows())
}

// findingLine is f for people: ✓ or ✗ (– for a check that could not run), what it
// checked, what it found, and the fix.
func (l lang) findingLine(f Finding) string {
	mark := "✓"
	switch {
	case f.Skipped:
		mark = "–"
	case !f.OK:
		mark = "✗"
	}
	line := mark + " " + l.checkName(f.ID) + l.t(": ", "：") + f.Text
	if f.Fix != "" {
		line += " → " + f.Fix
	}
	return line
}

// checkName is the name of the check id in the language l.
func (l lang) checkName(id string) string {
	for _, n := range [...]struct{ id, en, zh string }{
		{"version", "version", "版本"}, {"settings", "settings", "设置"}, {"dbus", "D-Bus", "D-Bus"},
		{"storage", "storage", "存储"}, {"display", "display", "显示器"}, {"callback", "callback address", "回调地址"},
		{"host", "host", "主机"}, {"clock", "clock", "时钟"}, {"app_authorize", "app (authorize)", "应用（授权）"},
		{"app_token", "app (token)", "应用（令牌）"}, {"proxy", "proxy", "代理"}, {"windows", "windows", "窗口"},
	} {
		if n.id == id {
			return l.t(n.en, n.zh)
		}
	}
	return id
}

// skipped is a check that could not run, and why.
func skipped(id, why string) Finding { return Finding{ID: id, OK: true, Skipped: true, Text: why} }

func (dc *doctor) version() Finding {
	info, ok := debug.ReadBuildInfo()
	b := dc.build.complete(info, ok)
	commit := b.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	return Finding{ID: "version", OK: true,
		Text: dc.l.f("atomgit-login %s (commit %s), %s, %s/%s", "atomgit-login %s（提交 %s），%s，%s/%s", b.Version, commit, b.Go, runtime.GOOS, runtime.GOARCH),
		Data: map[string]any{"version": b.Version, "commit": b.Commit, "go": b.Go, "os": runtime.GOOS, "arch": runtime.GOARCH}}
}

// settings says which OAuth app is set up and where each setting given came from.
func (dc *doctor) settings() Finding {
	l, c := dc.l, dc.cfg
	switch {
	case c == nil:
		return Finding{ID: "settings", Text: l.f("the settings cannot be used: %v", "设置无法使用：%v", dc.cfgErr),
			Fix: l.t("correct the setting it names, where it is given (the variable, the flag or the config file)", "请在给出该设置的地方（环境变量、命令行选项或配置文件）改正它")}
	case dc.env.Demo:
		return Finding{ID: "settings", OK: true, Text: l.t("the built-in demo AtomGit (--demo): no OAuth app is needed", "内置的演示 AtomGit（--demo）：无需 OAuth 应用")}
	}
	var given []string
	var list []map[string]string
	for _, v := range c.Values() {
		val := v.Value
		if v.Secret && val != "" {
			val = "(set)" // never the secret, nor a part of it
		}
		list = append(list, map[string]string{"key": v.Key, "value": val, "source": string(v.Source)})
		if v.Source != config.FromDefault {
			given = append(given, v.Key+l.t(" (", "（")+l.source(v)+l.t(")", "）"))
		}
	}
	file := l.t("not there", "不存在")
	if _, err := os.Stat(c.File); err == nil {
		file = l.t("read", "已读取")
	}
	data := map[string]any{"config_file": c.File, "settings": list}
	text := l.f("OAuth app %s on %s; given: %s; config file %s (%s)", "OAuth 应用 %s，位于 %s；已给出：%s；配置文件 %s（%s）",
		c.ClientID, c.AuthorizeHost(), strings.Join(given, l.t(", ", "、")), c.File, file)
	switch {
	case !c.Configured():
		return Finding{ID: "settings", Text: l.t("no OAuth app is set up", "尚未设置 OAuth 应用"), Data: data,
			Fix: l.f("register one on AtomGit (%s) and set ATOMGIT_CLIENT_ID and ATOMGIT_CLIENT_SECRET, or client_id and client_secret in %s; or try atomgit-login --demo",
				"请在 AtomGit 上注册一个（%s），并设置 ATOMGIT_CLIENT_ID 和 ATOMGIT_CLIENT_SECRET，或在 %s 中设置 client_id 和 client_secret；也可以先试试 atomgit-login --demo",
				config.RegisterURL, c.File)}
	case c.ClientSecret == "":
		return Finding{ID: "settings", Text: text + l.t("; the client secret is not set", "；Client Secret 尚未设置"), Data: data,
			Fix: l.f("set ATOMGIT_CLIENT_SECRET, or client_secret in %s, or give --client-secret-file", "请设置 ATOMGIT_CLIENT_SECRET，或在 %s 中设置 client_secret，或使用 --client-secret-file", c.File)}
	}
	return Finding{ID: "settings", OK: true, Text: text, Data: data}
}

// proxy says which proxy variables are in effect (their passwords hidden).
func (dc *doctor) proxy() Finding {
	l := dc.l
	var set []string
	data := map[string]any{}
	for _, name := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"} {
		if v := dc.getenv(name); v != "" {
			v = hidePassword(v)
			set = append(set, name+"="+v)
			data[name] = v
		}
	}
	if len(set) == 0 {
		return Finding{ID: "proxy", OK: true, Text: l.t("no proxy variables are set: AtomGit is reached directly", "未设置代理变量：直接连接 AtomGit")}
	}
	text := l.f("in effect: %s", "生效的：%s", strings.Join(set, ", "))
	for _, name := range []string{"HTTPS_PROXY", "HTTP_PROXY"} {
		for _, n := range []string{name, strings.ToLower(name)} {
			if v := dc.getenv(n); v != "" && !proxyURLOK(v) {
				return Finding{ID: "proxy", Text: text, Data: data, Fix: l.f("correct %s: it must be a proxy's address, such as http://proxy.example:3128",
					"请改正 %s：它必须是代理的地址，例如 http://proxy.example:3128", n)}
			}
		}
	}
	if dc.anyOf("ALL_PROXY", "all_proxy") && !dc.anyOf("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy") {
		return Finding{ID: "proxy", Text: text, Data: data, Fix: l.t("set HTTPS_PROXY (and HTTP_PROXY) to the proxy too: this program, as Go programs do, does not use ALL_PROXY",
			"请同时把 HTTPS_PROXY（和 HTTP_PROXY）设为该代理：本程序和其他 Go 程序一样，不使用 ALL_PROXY")}
	}
	return Finding{ID: "proxy", OK: true, Text: text, Data: data}
}

// anyOf reports whether any of the variables names is set.
func (dc *doctor) anyOf(names ...string) bool {
	for _, n := range names {
		if dc.getenv(n) != "" {
			return true
		}
	}
	return false
}

// hidePassword hides the password in a proxy URL.
func hidePassword(v string) string {
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok {
		scheme, rest = "", v
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 || strings.IndexByte(rest[:at], '/') >= 0 {
		return v
	}
	user, _, _ := strings.Cut(rest[:at], ":")
	if scheme != "" {
		scheme += "://"
	}
	return scheme + user + ":***" + rest[at:]
}

// windows says whether a window of this app (its realm) is open.
func (dc *doctor) windows() Finding {
	l := dc.l
	if dc.env == nil {
		return skipped("windows", l.t("not checked: the settings cannot be used", "未检查：设置无法使用"))
	}
	at, err := dc.env.WindowPlace()
	if err != nil {
		return Finding{ID: "windows", Text: err.Error(), Fix: l.t("set HOME (or XDG_CACHE_HOME) to a folder of your own", "请把 HOME（或 XDG_CACHE_HOME）设为你自己的文件夹")}
	}
	open, err := instance.Open(at)
	switch {
	case err != nil:
		return Finding{ID: "windows", Text: err.Error(), Fix: l.f("check the permissions of %s", "请检查 %s 的权限", at.Lock)}
	case open:
		return Finding{ID: "windows", OK: true, Text: l.f("a window of this app is open (it holds %s)", "本应用的一个窗口已打开（它持有 %s）", at.Lock), Data: map[string]any{"open": true}}
	}
	return Finding{ID: "windows", OK: true, Text: l.t("no window of this app is open", "本应用没有打开的窗口"), Data: map[string]any{"open": false}}
}

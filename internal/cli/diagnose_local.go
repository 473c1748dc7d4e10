package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// keyring checks the D-Bus session and the Secret Service where the system keyring is one
// (Linux), then writes, reads and deletes a test entry where the tokens are kept; a
// locked keyring is said to be locked and not touched, so that nothing asks for its
// password here.
func (dc *doctor) keyring(ctx context.Context) []Finding {
	l := dc.l
	dbus := Finding{ID: "dbus", OK: true, Text: l.f("not used on %s", "在 %s 上不使用", runtime.GOOS)}
	if _, inFile := dc.store.(keyring.File); inFile && runtime.GOOS == "linux" {
		dbus.Text = l.t("not needed: the tokens are kept in a file (storage = file)", "不需要：令牌保存在文件中（storage = file）")
	} else if !dc.probe && runtime.GOOS == "linux" {
		dbus = skipped("dbus", l.t("not checked: the tokens are not kept in the system keyring here", "未检查：这里的令牌不保存在系统钥匙环中"))
	}
	if !dc.probe || runtime.GOOS != "linux" {
		return []Finding{dbus, dc.scratch(ctx)}
	}
	pctx, cancel := context.WithTimeout(ctx, dc.timeout)
	defer cancel()
	found, err := keyring.ProbeSecretService(pctx)
	noBus := l.t("run it inside your desktop or login session (or scripts/with-keyring, for a private keyring), or keep the tokens in a file (ATOMGIT_STORAGE=file)",
		"请在你的桌面或登录会话中运行（或用 scripts/with-keyring 得到一个私有的钥匙环），或把令牌保存在文件中（ATOMGIT_STORAGE=file）")
	switch {
	case errors.Is(err, keyring.ErrNoSessionBus):
		return []Finding{{ID: "dbus", Text: l.t("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)", "没有 D-Bus 会话总线（未设置 DBUS_SESSION_BUS_ADDRESS）"), Fix: noBus},
			skipped("storage", l.t("not checked: the system keyring needs the D-Bus session bus", "未检查：系统钥匙环需要 D-Bus 会话总线"))}
	case err != nil && found.Provided:
		return []Finding{{ID: "dbus", OK: true, Text: l.f("the session bus at %s", "会话总线位于 %s", found.Bus)},
			{ID: "storage", Text: l.f("the Secret Service does not answer as it should: %v", "Secret Service 的应答不正常：%v", err),
				Fix: l.t("restart the keyring (log out and in again), or keep the tokens in a file (ATOMGIT_STORAGE=file)", "请重启钥匙环（注销后重新登录），或把令牌保存在文件中（ATOMGIT_STORAGE=file）")}}
	case err != nil:
		return []Finding{{ID: "dbus", Text: l.f("the D-Bus session bus cannot be used: %v", "D-Bus 会话总线无法使用：%v", err), Fix: noBus},
			skipped("storage", l.t("not checked: the system keyring needs the D-Bus session bus", "未检查：系统钥匙环需要 D-Bus 会话总线"))}
	}
	dbus = Finding{ID: "dbus", OK: true, Text: l.f("the session bus at %s", "会话总线位于 %s", found.Bus), Data: map[string]any{"address": found.Bus}}
	service := dc.service()
	switch {
	case !found.Provided:
		return []Finding{dbus, {ID: "storage", Text: l.t("nothing on the session bus provides a Secret Service (the system keyring)", "会话总线上没有提供 Secret Service（系统钥匙环）的程序"),
			Fix: l.t("install and start a keyring (gnome-keyring, KWallet, or KeePassXC with its Secret Service), or keep the tokens in a file (ATOMGIT_STORAGE=file)",
				"请安装并启动一个钥匙环（gnome-keyring、KWallet，或启用 Secret Service 的 KeePassXC），或把令牌保存在文件中（ATOMGIT_STORAGE=file）")}}
	case found.Locked:
		return []Finding{dbus, {ID: "storage", Text: l.f("the system keyring (service %s) is locked", "系统钥匙环（服务 %s）已锁定", service), Data: map[string]any{"locked": true, "service": service},
			Fix: l.t("unlock it (log in to your desktop, or unlock \"Login\" in Passwords and Keys); diagnose does not, so as not to ask for its password here",
				"请解锁它（登录桌面，或在“密码和密钥”中解锁“登录”钥匙环）；diagnose 不会去解锁，以免在这里询问密码")}}
	}
	return []Finding{dbus, dc.scratch(ctx)}
}

// service is the keyring service the session is kept under.
func (dc *doctor) service() string {
	if dc.env != nil && dc.env.Demo {
		return wiring.DemoService
	}
	return wiring.Service
}

// scratch writes, reads and deletes a test entry where the tokens are kept (beside the
// tokens file, with storage = file), and says how long that took.
func (dc *doctor) scratch(ctx context.Context) Finding {
	l := dc.l
	store, where := dc.store, l.f("the system keyring (service %s)", "系统钥匙环（服务 %s）", dc.service())
	if f, ok := dc.store.(keyring.File); ok {
		scratch := filepath.Join(filepath.Dir(f.Path), ".diagnose-"+rand.Text()+".json")
		defer os.Remove(scratch)
		defer os.Remove(scratch + ".lock")
		store, where = keyring.File{Path: scratch}, l.f("a file beside %s (plain text, as storage = file asks)", "%s 旁边的文件（明文，按 storage = file 的要求）", f.Path)
	}
	ctx, cancel := context.WithTimeout(ctx, dc.timeout)
	defer cancel()
	user, secret := "diagnose-"+rand.Text(), rand.Text()
	start := time.Now()
	err := store.Set(ctx, dc.service(), user, secret)
	if err == nil {
		var got string
		if got, err = store.Get(ctx, dc.service(), user); err == nil && got != secret {
			err = errors.New("the entry read back is not the one written")
		}
		if derr := store.Delete(ctx, dc.service(), user); err == nil {
			err = derr
		}
	}
	took := time.Since(start)
	if err != nil {
		fix := l.t("unlock or restart the keyring, or keep the tokens in a file (ATOMGIT_STORAGE=file)", "请解锁或重启钥匙环，或把令牌保存在文件中（ATOMGIT_STORAGE=file）")
		if errors.Is(err, keyring.ErrTimeout) {
			fix = l.t("the keyring did not answer in time: is it waiting for its password in a dialog? Unlock it, or restart it",
				"钥匙环没有及时应答：它是否在某个对话框里等待密码？请解锁或重启它")
		}
		return Finding{ID: "storage", Text: l.f("%s: a test entry could not be written, read and deleted: %s", "%s：无法写入、读取并删除测试条目：%s", where, l.problemText(session.ProblemOf(err))), Fix: fix}
	}
	return Finding{ID: "storage", OK: true, Text: l.f("%s: a test entry written, read and deleted in %d ms", "%s：测试条目的写入、读取和删除用了 %d 毫秒", where, took.Milliseconds()),
		Data: map[string]any{"ms": took.Milliseconds()}}
}

// display asks the window build (in a child process: no window opens) whether it can open
// its display.
func (dc *doctor) display(ctx context.Context) Finding {
	l := dc.l
	demo := dc.env != nil && dc.env.Demo
	switch {
	case dc.noWindow != nil && dc.noWindow():
		return Finding{ID: "display", Text: l.t("the window (atomgit-login-window) is not installed beside this program", "窗口（atomgit-login-window）没有安装在本程序旁边"),
			Fix: l.t("install it beside atomgit-login (scripts/build, or the package), or ", "请把它安装在 atomgit-login 旁边（scripts/build 或安装包），或者") + l.withoutWindowDemo(demo)}
	case dc.checkWindow == nil:
		return skipped("display", l.t("not checked: this program cannot ask the window", "未检查：本程序无法询问窗口"))
	}
	err := dc.checkWindow(ctx)
	var de *desktop.DisplayError
	switch {
	case errors.As(err, &de):
		return Finding{ID: "display", Text: l.noDisplay(de), Fix: l.withoutWindowDemo(demo), Data: map[string]any{de.Variable: de.Display}}
	case err != nil:
		return Finding{ID: "display", Text: l.f("the window cannot be asked: %v", "无法询问窗口：%v", err),
			Fix: l.t("reinstall atomgit-login-window beside atomgit-login", "请在 atomgit-login 旁边重新安装 atomgit-login-window")}
	}
	where := l.t("the desktop", "桌面")
	if d := desktop.DisplayTried(dc.getenv); d.Display != "" && runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		where = fmt.Sprintf("%s (%s)", d.Display, d.Variable)
	}
	return Finding{ID: "display", OK: true, Text: l.f("the window can open on %s", "窗口可以在 %s 上打开", where)}
}

// callback says whether the redirect URI's address is free, and who holds it when not.
func (dc *doctor) callback(ctx context.Context) Finding {
	l := dc.l
	if dc.cfg == nil {
		return skipped("callback", l.t("not checked: the settings cannot be used", "未检查：设置无法使用"))
	}
	uri := dc.cfg.RedirectURI
	caught := ""
	if runtime.GOOS == "linux" {
		caught = l.t("; the window here takes the redirect itself and needs no port", "；这里的窗口自己接收重定向，不需要端口")
	}
	a, err := authflow.Start(ctx, authflow.Options{RedirectURI: uri})
	if err == nil {
		a.Cancel()
		return Finding{ID: "callback", OK: true, Text: l.f("%s is free: login --browser listens there%s", "%s 空闲：login --browser 在那里监听%s", uri, caught)}
	}
	var pe *authflow.PortInUseError
	if !errors.As(err, &pe) {
		return Finding{ID: "callback", Text: l.f("%s cannot be listened on: %v", "无法在 %s 上监听：%v", uri, err),
			Fix: l.f("choose another address for redirect_uri (%s), and register it with the OAuth app", "请为 redirect_uri（%s）选择另一个地址，并在 OAuth 应用中登记它", dc.cfg.SettingName("redirect_uri"))}
	}
	who := l.t("another program", "另一个程序")
	data := map[string]any{"address": pe.Addr}
	if u, err := url.Parse(uri); err == nil {
		port, _ := strconv.Atoi(u.Port())
		if pid, name, ok := portOwner(port); ok {
			who, data["pid"], data["program"] = fmt.Sprintf("%s (pid %d)", name, pid), pid, name
			if strings.HasPrefix(name, "atomgit-login") {
				return Finding{ID: "callback", OK: true, Data: data,
					Text: l.f("%s is held by this app's %s: a sign-in in the browser is under way there", "%s 被本应用的 %s 占用：那里正在浏览器中登录", pe.Addr, who)}
			}
		}
	}
	return Finding{ID: "callback", Data: data, Text: l.f("%s is held by %s", "%s 被 %s 占用", pe.Addr, who),
		Fix: l.f("stop it, or change redirect_uri (%s) and register the new address with the OAuth app (login --browser needs it%s)",
			"请停止它，或修改 redirect_uri（%s）并在 OAuth 应用中登记新地址（login --browser 需要它%s）", dc.cfg.SettingName("redirect_uri"), caught)}
}

// withoutWindowDemo is withoutWindow for the demo (demo) or a configured app.
func (l lang) withoutWindowDemo(demo bool) string {
	return l.withoutWindow(&wiring.Env{Demo: demo})
}

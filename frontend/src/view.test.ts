import { describe, expect, it } from "vitest";
import { explain, fill, initials, plain, view, type ViewModel } from "./view";
import { translator } from "./i18n";
import type { AccountEntry, Info, Status } from "./types";

const now = new Date(2025, 2, 1, 10, 0); // local: the screen shows local clock times
const iso = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000).toISOString();

const info: Info = {
  app_name: "AtomGit Login",
  tagline: "Sign in once; your AtomGit tools stay signed in.",
  locale: "en",
  configured: true,
  demo: false,
  redirect_uri: "http://127.0.0.1:8765/callback",
  config_path: "/home/ada/.config/atomgit-login/config.toml",
  register_url: "https://atomgit.com/setting/applications",
  authorize_host: "atomgit.com",
  settings: [],
  version: "1.2.3",
};
const zh: Info = { ...info, locale: "zh" };
const ada = { login: "ada", name: "Ada Lovelace", avatar_url: "https://cdn.atomgit.com/a.png", html_url: "https://atomgit.com/ada" };
const base: Status = { state: "signed_out", storage: "none", demo: false };
const st = (s: Partial<Status>): Status => ({ ...base, ...s });

const headline = (vm: ViewModel) => plain(vm.headline);
const lines = (vm: ViewModel) => vm.lines.map((l) => plain(l.parts));
const actions = (vm: ViewModel) => vm.actions.map((a) => a.id);
const autofocused = (vm: ViewModel) => vm.actions.filter((a) => a.autofocus).map((a) => a.id);

describe("view", () => {
  it("says when the tokens are in a plain-text file the settings asked for", () => {
    const vm = view(st({ state: "signed_in", account: ada, expires_at: iso(3600), storage: "file" }), info, now);
    expect(lines(vm)).toContain("Saved in a plain-text file, as your settings ask (storage = file)");
    expect(vm.banner).toBeUndefined();
  });

  it("unconfigured explains the set-up and offers the demo", () => {
    const vm = view(st({ state: "unconfigured" }), { ...info, configured: false }, now);
    expect(vm.title).toBe("AtomGit Login");
    expect(vm.tagline).toBe(info.tagline);
    expect(headline(vm)).toBe("No OAuth app is configured yet");
    const steps = vm.steps!.map(plain).join("\n");
    expect(steps).toContain(info.register_url);
    expect(steps).toContain("ATOMGIT_CLIENT_ID");
    expect(steps).toContain("ATOMGIT_CLIENT_SECRET");
    expect(steps).toContain(info.config_path);
    expect(vm.steps![1]).toContainEqual({ text: info.redirect_uri, kind: "code" });
    expect(vm.steps![0]).toContainEqual({ text: info.register_url, kind: "link" });
    expect(vm.actions).toEqual([{ id: "try_demo", label: "Try the demo", primary: true, autofocus: true }]);
  });

  it("the footer shows the version the build was stamped with, as --version does", () => {
    expect(view(st({}), info, now).footer).toBe("Version 1.2.3");
    expect(view(st({}), { ...zh, version: "0.0.0~git20261130.0123456789ab" }, now).footer).toBe("版本 0.0.0~git20261130.0123456789ab");
    expect(view(st({}), { ...info, version: "" }, now).footer).toBe(""); // a host's window
  });

  it("signed_out offers sign-in, focused, and the browser link", () => {
    const vm = view(st({}), info, now);
    expect(vm.actions).toEqual([{ id: "sign_in", label: "Sign in with AtomGit", primary: true, autofocus: true }]);
    expect(vm.links.map((l) => l.label)).toEqual(["Use my web browser instead"]);
    expect(vm.badge).toBeUndefined();
    expect(vm.banner).toBeUndefined();
  });

  it("signed_out shows the demo badge and a gentle note after a cancel", () => {
    const vm = view(st({ demo: true, error: { code: "cancelled" } }), info, now);
    expect(vm.badge).toBe("Demo");
    expect(vm.banner).toEqual({ tone: "info", text: "Sign-in was cancelled." });
    const timeout = view(st({ error: { code: "timeout" } }), info, now);
    expect(timeout.banner?.tone).toBe("info");
    const denied = view(st({ error: { code: "denied" } }), info, now);
    expect(denied.banner?.tone).toBe("error");
  });

  it("opening emphasises the host and cancels on Esc", () => {
    const vm = view(st({ state: "opening", host: "atomgit.com" }), info, now);
    expect(vm.headline).toEqual([{ text: "Opening " }, { text: "atomgit.com", kind: "em" }, { text: "…" }]);
    expect(vm.hint).toBe("Esc to cancel");
    expect(vm.escCancels).toBe(true);
    expect(vm.actions).toEqual([]);
  });

  it("waiting names the host and has Cancel", () => {
    const vm = view(st({ state: "waiting", host: "127.0.0.1:43817" }), info, now);
    expect(headline(vm)).toBe("Waiting for you to finish on 127.0.0.1:43817…");
    expect(actions(vm)).toEqual(["cancel"]);
    expect(vm.escCancels).toBe(true);
  });

  it("finishing shows a spinner and no buttons", () => {
    const vm = view(st({ state: "finishing" }), info, now);
    expect(headline(vm)).toBe("Finishing sign-in…");
    expect(vm.spinner).toBe(true);
    expect(vm.actions).toEqual([]);
  });

  it("signed_in shows the account, times and storage", () => {
    const s = st({
      state: "signed_in",
      account: ada,
      expires_at: iso(7 * 3600 + 59 * 60 + 30),
      refreshed_at: iso(-2 * 60),
      storage: "keyring",
    });
    const vm = view(s, info, now);
    expect(vm.account).toEqual({
      name: "Ada Lovelace",
      login: "ada",
      avatarUrl: ada.avatar_url,
      htmlUrl: ada.html_url,
      initials: "AL",
    });
    expect(lines(vm)).toEqual([
      "Access token valid until 17:59",
      "Refreshed at 09:58",
      "Saved in the system keyring",
    ]);
    expect(actions(vm)).toEqual(["refresh", "sign_out"]);
    // No redraw until the expiry, when "valid until" becomes "expired at": no timer while idle.
    expect(vm.tickMs).toBe((7 * 3600 + 59 * 60 + 30) * 1000 + 20);
    expect(vm.banner).toBeUndefined();
  });

  it("signed_in says when the expiry is assumed, and redraws once when it passes", () => {
    const vm = view(st({ state: "signed_in", account: ada, expires_at: iso(45), expiry_assumed: true, storage: "keyring" }), info, now);
    expect(lines(vm)[0]).toBe("Access token valid until 10:00 (assumed: AtomGit did not say)");
    expect(vm.tickMs).toBe(45_020);
    const later = view(st({ state: "signed_in", account: ada, expires_at: iso(45), storage: "keyring" }), info, new Date(now.getTime() + 45_020));
    expect(lines(later)[0]).toBe("Access token expired at 10:00");
  });

  it("signed_in redraws at midnight only when a shown time reads differently then", () => {
    const late = new Date(2025, 2, 1, 23, 0);
    const at = (h: number) => new Date(late.getTime() + h * 3600_000).toISOString();
    // Refreshed today: after midnight it needs its date.
    const today = view(st({ state: "signed_in", account: ada, refreshed_at: at(-1), storage: "keyring" }), info, late);
    expect(today.tickMs).toBe(3600_000 + 20);
    // Refreshed yesterday and expired: nothing shown changes at midnight or later.
    const old = view(st({ state: "signed_in", account: ada, expires_at: at(-30), refreshed_at: at(-40), storage: "keyring" }), info, late);
    expect(lines(old).slice(0, 2)).toEqual(["Access token expired at Feb 28, 17:00", "Refreshed at Feb 28, 07:00"]);
    expect(old.tickMs).toBeNull();
    // Expiring tomorrow morning: at midnight it loses its date; that comes before the expiry.
    const soon = view(st({ state: "signed_in", account: ada, expires_at: at(8), storage: "keyring" }), info, late);
    expect(lines(soon)[0]).toBe("Access token valid until Mar 2, 07:00");
    expect(soon.tickMs).toBe(3600_000 + 20);
  });

  it("signed_in warns when tokens are only in memory", () => {
    const s = st({
      state: "signed_in",
      account: ada,
      storage: "memory",
      storage_problem: { code: "keyring_unavailable", detail: "no secret service" },
    });
    const vm = view(s, info, now);
    expect(vm.banner).toEqual({
      tone: "warning",
      lead: "Not remembered:",
      text: "The system keyring is not available. You will need to sign in again next time.",
      detail: "no secret service",
    });
  });

  it("refreshing replaces the expiry line and disables the buttons", () => {
    const s = st({ state: "refreshing", account: ada, expires_at: iso(60), refreshed_at: iso(-3600), storage: "keyring" });
    const vm = view(s, info, now);
    expect(lines(vm)[0]).toBe("Refreshing…");
    expect(lines(vm).join()).not.toContain("valid until");
    expect(vm.actions.every((a) => a.disabled)).toBe(true);
  });

  it("offline says when it retries and why", () => {
    const retry = new Date(2025, 2, 1, 14, 5);
    const s = st({
      state: "offline",
      account: ada,
      retry_at: retry.toISOString(),
      error: { code: "network", detail: "dial tcp: i/o timeout" },
      storage: "keyring",
    });
    const vm = view(s, info, now);
    expect(headline(vm)).toBe("Offline — retrying at 14:05");
    expect(lines(vm)).toEqual(["Can't reach AtomGit.", "dial tcp: i/o timeout"]);
    expect(vm.lines[1].tone).toBe("detail");
    expect(actions(vm)).toContain("refresh");
    expect(vm.account?.login).toBe("ada");
  });

  it("reauth names the account and offers Sign in again", () => {
    const vm = view(st({ state: "reauth", account: ada, error: { code: "invalid_grant" } }), info, now);
    expect(headline(vm)).toBe("The session for Ada Lovelace (@ada) ended.");
    expect(lines(vm)).toEqual(["The session ended or access was revoked on AtomGit."]);
    expect(vm.actions).toEqual([{ id: "sign_in", label: "Sign in again", primary: true, autofocus: true }]);
  });

  it("keyring_wait asks for the keyring password without a countdown", () => {
    const vm = view(st({ state: "keyring_wait" }), info, now);
    expect(headline(vm)).toBe("Waiting for the system keyring to unlock…");
    expect(lines(vm)).toEqual(["Enter your keyring password in the system dialog."]);
    expect(vm.tickMs).toBeNull();
  });

  it("error explains the code, keeps the detail apart, and offers Retry", () => {
    const vm = view(st({ state: "error", error: { code: "exchange_failed", detail: "invalid_client" } }), info, now);
    expect(headline(vm)).toBe("AtomGit refused the sign-in.");
    expect(lines(vm)).toEqual(["invalid_client"]);
    expect(autofocused(vm)).toEqual(["retry"]);
  });

  it("an unknown state is shown as an error", () => {
    const vm = view(st({ state: "dancing" as Status["state"] }), info, now);
    expect(vm.state).toBe("error");
    expect(headline(vm)).toBe("Something went wrong.");
  });

  it("a call in flight disables the buttons; a rejected call shows inline", () => {
    expect(view(st({}), info, now, { busy: "sign_in" }).actions[0].disabled).toBe(true);
    expect(view(st({}), info, now, { busy: "sign_in" }).links[0].disabled).toBe(true);
    expect(view(st({}), info, now, { error: "not supported yet" }).error).toBe("not supported yet");
  });

  it("speaks Chinese", () => {
    const vm = view(st({ state: "signed_in", account: ada, expires_at: iso(7 * 3600 + 59 * 60), refreshed_at: iso(-120), storage: "keyring" }), zh, now);
    expect(lines(vm).slice(0, 2)).toEqual(["访问令牌有效期至 17:59", "已于 09:58 刷新"]);
    expect(view(st({}), zh, now).actions[0].label).toBe("使用 AtomGit 登录");
    expect(vm.locale).toBe("zh");
  });
});

describe("a refusal of the app's settings", () => {
  const settings: Info["settings"] = [
    { key: "client_id", name: "client_id in /home/ada/.config/atomgit-login/config.json", source: "file", value: "a1b2", set: true },
    { key: "client_secret", name: "ATOMGIT_CLIENT_SECRET", source: "env", set: true },
    { key: "redirect_uri", name: "ATOMGIT_REDIRECT_URI", source: "default", value: "http://127.0.0.1:8765/callback", set: true },
    { key: "scopes", name: "ATOMGIT_SCOPES", source: "default", set: false },
    { key: "profile", name: "--profile", source: "someday", value: "current", set: true },
  ];
  const refused = (key: string) =>
    st({ state: "error", error: { code: "client_refused", detail: "Client authentication failed", setting: "ATOMGIT_CLIENT_SECRET", key } });

  it("names the setting, shows where each comes from and the config file, and offers to copy them", () => {
    const vm = view(refused("client_secret"), { ...info, settings }, now);
    expect(headline(vm)).toBe("AtomGit refused this app's settings, not your account.");
    expect(lines(vm)).toEqual(["Client authentication failed", "Correct client_secret where its value comes from, then start the app again."]);
    const p = vm.settings!;
    expect(p.title).toBe("This app's settings");
    expect(p.rows).toEqual([
      { key: "client_secret", note: "set (not shown)", from: "set by the variable ATOMGIT_CLIENT_SECRET", fault: true },
      { key: "client_id", value: "a1b2", from: "set in the config file", fault: false },
      { key: "redirect_uri", value: "http://127.0.0.1:8765/callback", from: "the default", fault: false },
    ]);
    expect(p.file).toContainEqual({ text: info.config_path, kind: "code" });
    expect(p.copyText).toContain("client_id: a1b2 (set in the config file)");
    expect(p.copyText).toContain(info.config_path);
    expect(actions(vm)).toEqual(["copy_settings", "retry"]);
    expect(autofocused(vm)).toEqual(["copy_settings"]);
    expect(vm.actions.filter((a) => a.primary).map((a) => a.id)).toEqual(["copy_settings"]);
  });

  it("lists the refused setting first, says how to set one that is not, and names a source it does not know", () => {
    const vm = view(refused("scopes"), { ...info, settings }, now);
    expect(vm.settings!.rows[0]).toEqual({ key: "scopes", note: "not set", from: "set it with ATOMGIT_SCOPES, or in the config file", fault: true });
    const profile = view(refused("profile"), { ...info, settings }, now).settings!.rows[0];
    expect(profile.from).toBe("from someday");
  });

  it("names the system-wide settings and the built-in ones", () => {
    const layered: Info["settings"] = [
      { key: "client_id", name: "client_id in /etc/atomgit-login/config.json", source: "system file", value: "org-app", set: true },
      { key: "client_secret", name: "client_secret in the built-in settings", source: "built in", set: true },
    ];
    const rows = view(refused("client_secret"), { ...info, settings: layered }, now).settings!.rows;
    expect(rows.map((r) => r.from)).toEqual(["built into this program", "set in the system-wide settings: client_id in /etc/atomgit-login/config.json"]);
  });

  it("shows the same on the sign-in-again screen (a refresh refused), and in Chinese", () => {
    const vm = view({ ...refused("client_secret"), state: "reauth", account: ada }, { ...zh, settings }, now);
    expect(lines(vm)).toContain("AtomGit 拒绝的是本应用的设置，而不是你的账户。");
    expect(vm.settings!.rows[0].from).toBe("由环境变量 ATOMGIT_CLIENT_SECRET 设置");
    expect(actions(vm)).toEqual(["copy_settings", "sign_in"]);
  });

  it("other problems show no settings", () => {
    const vm = view(st({ state: "error", error: { code: "exchange_failed" } }), { ...info, settings }, now);
    expect(vm.settings).toBeUndefined();
    expect(actions(vm)).toEqual(["retry"]);
  });
});

describe("explain", () => {
  const t = translator("en");
  it("puts port_in_use's detail and setting into the sentence", () => {
    expect(explain({ code: "port_in_use", detail: "127.0.0.1:8765", setting: "ATOMGIT_REDIRECT_URI" }, t)).toEqual({
      sentence:
        "The callback address 127.0.0.1:8765 is used by another program. Change ATOMGIT_REDIRECT_URI and register the new URL with the OAuth app.",
    });
  });
  it("gives unknown codes a generic sentence and keeps the detail", () => {
    expect(explain({ code: "teapot", detail: "418" }, t)).toEqual({ sentence: "Something went wrong.", detail: "418" });
  });
  it("says by how much the tokens are too large for a keyring entry, in both languages", () => {
    const p = { code: "keyring_too_big", size: 4217, limit: 2559 };
    expect(explain(p, t)).toEqual({
      sentence: "AtomGit's token is larger than the keyring entry allows: 4217 bytes of at most 2559.",
    });
    expect(explain(p, translator("zh"))).toEqual({
      sentence: "AtomGit 的令牌超过了钥匙环条目允许的大小：4217 字节，上限 2559 字节。",
    });
    expect(explain({ code: "keyring_too_big" }, t)).toEqual({
      sentence: "AtomGit's token is larger than the keyring entry allows.",
    });
  });
  it("shows a too-large token as the reason the sign-in is not remembered", () => {
    const s = st({ state: "signed_in", account: ada, storage: "memory", storage_problem: { code: "keyring_too_big", size: 4217, limit: 2559 } });
    expect(view(s, info, now).banner?.text).toBe(
      "AtomGit's token is larger than the keyring entry allows: 4217 bytes of at most 2559. You will need to sign in again next time.",
    );
  });
  it("says that AtomGit's tokens expire too soon, signed in and offline, in both languages", () => {
    const error = { code: "short_lived", detail: "1ms" };
    const signedIn = view(st({ state: "signed_in", account: ada, expires_at: iso(0), error }), info, now);
    expect(signedIn.banner).toEqual({
      tone: "warning",
      text: "AtomGit's access tokens expire 1ms after they are issued, too soon to be refreshed in time: the app waits at least 30 seconds between refreshes, and has no valid token in between. Is this computer's clock right?",
    });
    const offline = view(st({ state: "offline", account: ada, retry_at: iso(30), error }), zh, now);
    expect(lines(offline)).toContain(
      "AtomGit 的访问令牌在签发后 1ms 就过期，来不及按时刷新：本应用两次刷新之间至少等待 30 秒，其间没有有效的令牌。请检查本机的时钟是否准确。",
    );
  });
  it("translates every known code", () => {
    const codes = ["denied", "state_mismatch", "missing_code", "callback_error", "port_in_use", "timeout", "cancelled",
      "exchange_failed", "user_failed", "network", "server", "invalid_grant", "unexpected_request", "keyring_unavailable",
      "keyring_timeout", "keyring_too_big", "short_lived", "lock_unavailable", "internal"];
    for (const code of codes) expect(explain({ code }, t).sentence, code).not.toBe("Something went wrong.");
  });
});

describe("helpers", () => {
  it("initials", () => {
    expect(initials("Ada Lovelace", "ada")).toBe("AL");
    expect(initials("", "grace-hopper")).toBe("GH");
    expect(initials("林晓", "lx")).toBe("林");
    expect(initials("", "")).toBe("?");
  });
  it("fill marks values", () => {
    expect(fill("a {x} b", { x: "1" }, "em")).toEqual([{ text: "a " }, { text: "1", kind: "em" }, { text: " b" }]);
    expect(fill("a {x} b", { x: "1" })).toEqual([{ text: "a 1 b" }]);
  });
  it("drops avatar URLs that are not http(s)", () => {
    const vm = view(st({ state: "signed_in", account: { ...ada, avatar_url: "javascript:alert(1)" } }), info, now);
    expect(vm.account?.avatarUrl).toBeUndefined();
  });
});

describe("Chinese spacing", () => {
  it("joins Chinese sentences without spaces", () => {
    const s = st({ state: "signed_in", account: ada, expires_at: iso(60 * 60), expiry_assumed: true, storage: "memory", storage_problem: { code: "keyring_timeout" } });
    const vm = view(s, zh, now);
    expect(lines(vm)[0]).toBe("访问令牌有效期至 11:00（估计值：AtomGit 未说明）");
    expect(vm.banner?.text).toBe("系统钥匙环没有及时响应。下次需要重新登录。");
  });
});

describe("accounts", () => {
  const grace = { login: "grace", name: "Grace Hopper", html_url: "https://atomgit.com/grace" };
  const alan = { login: "alan", name: "", avatar_url: "https://cdn.atomgit.com/t.png" };
  const list = (...as: { login: string; name: string }[]): AccountEntry[] =>
    as.map((a, i) => ({ ...a, active: i === 0 }));
  const signedIn = st({ state: "signed_in", account: ada, storage: "keyring" });

  it("one account: no list, Add another account after Sign out", () => {
    const vm = view(signedIn, info, now, {}, list(ada));
    expect(vm.others).toBeUndefined();
    expect(actions(vm)).toEqual(["refresh", "sign_out"]);
    expect(vm.links).toEqual([{ id: "add_account", label: "Add another account" }]);
    expect(autofocused(vm)).toEqual(["refresh"]);
    // Also before the list has arrived.
    expect(view(signedIn, info, now).links.map((l) => l.id)).toEqual(["add_account"]);
  });

  it("several accounts: the others, each with Switch; Sign out stays right after Refresh now", () => {
    const vm = view(signedIn, info, now, {}, list(ada, grace, alan));
    expect(actions(vm)).toEqual(["refresh", "sign_out"]);
    expect(vm.others?.title).toBe("Other accounts");
    expect(vm.others?.accounts).toEqual([
      {
        name: "Grace Hopper",
        login: "grace",
        htmlUrl: "https://atomgit.com/grace",
        initials: "GH",
        action: { id: "switch_account", label: "Switch", login: "grace", ariaLabel: "Switch to Grace Hopper (@grace)" },
      },
      {
        name: "alan",
        login: "alan",
        avatarUrl: "https://cdn.atomgit.com/t.png",
        initials: "A",
        action: { id: "switch_account", label: "Switch", login: "alan", ariaLabel: "Switch to alan (@alan)" },
      },
    ]);
    expect(vm.links.map((l) => l.id)).toEqual(["add_account"]);
  });

  it("the active account comes from the Status, even when the list is a moment older", () => {
    const vm = view(st({ ...signedIn, account: grace }), info, now, {}, list(ada, grace));
    expect(vm.others?.accounts.map((a) => a.login)).toEqual(["ada"]);
  });

  it("offline shows the list too; other screens do not", () => {
    const off = view(st({ ...signedIn, state: "offline" }), info, now, {}, list(ada, grace));
    expect(off.others?.accounts.map((a) => a.login)).toEqual(["grace"]);
    expect(off.links.map((l) => l.id)).toEqual(["add_account"]);
    expect(actions(off)).toEqual(["refresh", "sign_out"]);
    for (const state of ["signed_out", "reauth", "error", "finishing"] as const) {
      const vm = view(st({ ...signedIn, state }), info, now, {}, list(ada, grace));
      expect(vm.others, state).toBeUndefined();
      expect(vm.links.map((l) => l.id), state).not.toContain("add_account");
    }
  });

  it("a call in flight or a refresh disables Switch and Add", () => {
    for (const vm of [
      view(signedIn, info, now, { busy: "switch_account" }, list(ada, grace)),
      view(st({ ...signedIn, state: "refreshing" }), info, now, {}, list(ada, grace)),
    ]) {
      expect(vm.others?.accounts.every((a) => a.action.disabled)).toBe(true);
      expect(vm.links.every((l) => l.disabled)).toBe(true);
      expect(vm.actions.every((a) => a.disabled)).toBe(true);
    }
    const failed = view(signedIn, info, now, { error: "session: grace is not signed in here" }, list(ada, grace));
    expect(failed.error).toBe("session: grace is not signed in here");
    expect(failed.others?.accounts[0].action.disabled).toBeUndefined();
  });

  it("speaks Chinese", () => {
    const vm = view(signedIn, zh, now, {}, list(ada, grace));
    expect(vm.others?.title).toBe("其他账户");
    expect(vm.others?.accounts[0].action.label).toBe("切换");
    expect(vm.others?.accounts[0].action.ariaLabel).toBe("切换到 Grace Hopper（@grace）");
    expect(vm.links[0].label).toBe("添加其他账户");
  });
});

// fakeBackend lets the window be looked at in a normal browser with the dev
// server (npm run dev), where Wails is absent. The build leaves it out.
//
// Query parameters:
//   fake=<state>   show one state (default: cycle through all of them every 2.5 s)
//   lang=zh        Chinese            demo=1       demo badge
//   problem=<code> error/offline/reauth/signed_out problem, or the storage problem with storage=memory
//   storage=memory|none               assumed=1    expiry_assumed
//   avatar=none|broken                browser=fail OpenInBrowser rejects
//   accounts=<n>   n signed-in accounts (default 1; up to 4) to switch between
import type { Backend } from "./backend";
import type { Account, AccountEntry, Info, Problem, State, Status } from "./types";

const states: State[] = [
  "unconfigured",
  "signed_out",
  "opening",
  "waiting",
  "finishing",
  "signed_in",
  "refreshing",
  "offline",
  "reauth",
  "keyring_wait",
  "error",
];

const defaultProblem: Partial<Record<State, string>> = {
  offline: "network",
  reauth: "invalid_grant",
  error: "exchange_failed",
};

const details: Record<string, Problem> = {
  network: { code: "network", detail: "dial tcp: lookup api.atomgit.com: no such host" },
  exchange_failed: { code: "exchange_failed", detail: "invalid_client: client authentication failed" },
  port_in_use: { code: "port_in_use", detail: "127.0.0.1:8765", setting: "ATOMGIT_REDIRECT_URI" },
  client_refused: { code: "client_refused", detail: "Client authentication failed", setting: "ATOMGIT_CLIENT_SECRET", key: "client_secret" },
  keyring_unavailable: {
    code: "keyring_unavailable",
    detail: "The name org.freedesktop.secrets was not provided by any .service files",
  },
};

const avatarSvg = (color: string) =>
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 56 56"><rect width="56" height="56" fill="${color}"/>` +
      '<circle cx="28" cy="22" r="10" fill="#fff"/><rect x="12" y="36" width="32" height="20" rx="10" fill="#fff"/></svg>',
  );

// The fake's accounts; the second has no picture, so its initials show.
const people = [
  { login: "ada", en: "Ada Lovelace", zh: "林晓", color: "#f4b183" },
  { login: "grace", en: "Grace Hopper", zh: "王芳" },
  { login: "alan-t", en: "Alan Turing", zh: "张伟", color: "#8fb8de" },
  { login: "katherine", en: "Katherine Johnson", zh: "陈静", color: "#a9d18e" },
];

/** fakeBackend is a Backend that shows canned states, chosen by the query string. */
export function fakeBackend(q: URLSearchParams): Backend {
  const zh = q.get("lang") === "zh";
  const demo = q.get("demo") === "1";
  const chosen = q.get("fake");
  const cycle = !chosen || !states.includes(chosen as State);
  let state: State = cycle ? "signed_out" : (chosen as State);
  let refreshedAt = Date.now() - 2 * 60_000;
  let listener: ((s: Status) => void) | undefined;
  const count = Math.min(people.length, Math.max(1, Number(q.get("accounts")) || 1));
  // signedIn holds the logins of the signed-in accounts, the active one first.
  let signedIn = people.slice(0, count).map((p) => p.login);
  const accountOf = (login: string): Account => {
    const p = people.find((x) => x.login === login)!;
    const a: Account = { login, name: zh ? p.zh : p.en, html_url: `https://atomgit.com/${login}` };
    const avatar = q.get("avatar");
    if (p === people[0]) {
      if (avatar !== "none") a.avatar_url = avatar === "broken" ? "http://127.0.0.1:9/x.png" : avatarSvg(p.color!);
    } else if (p.color) {
      a.avatar_url = avatarSvg(p.color);
    }
    return a;
  };

  const info: Info = {
    app_name: "AtomGit Login",
    tagline: zh ? "登录一次，你的 AtomGit 工具都保持登录。" : "Sign in once; your AtomGit tools stay signed in.",
    locale: zh ? "zh" : "en",
    configured: state !== "unconfigured",
    demo,
    redirect_uri: "http://127.0.0.1:8765/callback",
    config_path: "~/.config/atomgit-login/config.toml",
    register_url: "https://atomgit.com/setting/applications",
    authorize_host: "atomgit.com",
    version: "0.1.0-dev",
    settings: [
      { key: "client_id", name: "client_id in ~/.config/atomgit-login/config.json", source: "file", value: "a1b2c3", set: true },
      { key: "client_secret", name: "ATOMGIT_CLIENT_SECRET", source: "env", set: true },
      { key: "redirect_uri", name: "ATOMGIT_REDIRECT_URI", source: "default", value: "http://127.0.0.1:8765/callback", set: true },
    ],
  };
  const host = demo ? "127.0.0.1:43817" : "atomgit.com";

  const status = (): Status => {
    const s: Status = { state, storage: "none", demo, host };
    if (["signed_in", "refreshing", "offline", "reauth"].includes(state) && signedIn.length > 0) {
      s.account = accountOf(signedIn[0]);
      s.expires_at = new Date(Date.now() + (7 * 60 + 59) * 60_000 + 30_000).toISOString();
      s.refreshed_at = new Date(refreshedAt).toISOString();
      s.storage = (q.get("storage") as Status["storage"]) ?? "keyring";
      s.expiry_assumed = q.get("assumed") === "1";
      if (s.storage === "memory" && !demo) s.storage_problem = details.keyring_unavailable;
    }
    const code = q.get("problem") ?? defaultProblem[state];
    if (code && state !== "signed_in") s.error = details[code] ?? { code };
    if (state === "offline") s.retry_at = new Date(Date.now() + 90_000).toISOString();
    return s;
  };
  const set = (next: State) => {
    state = next;
    listener?.(status());
  };
  const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const start = async (extra = 0) => {
    await later(150);
    const url = new URL(location.href);
    url.searchParams.set("fake", "signed_in");
    if (extra) url.searchParams.set("accounts", String(Math.min(people.length, signedIn.length + extra)));
    return { host, url: url.toString() };
  };

  if (cycle) {
    setInterval(() => set(states[(states.indexOf(state) + 1) % states.length]), 2500);
  }

  return {
    info: async () => info,
    status: async () => status(),
    signIn: () => start(),
    tryDemo: () => start(),
    addAccount: () => start(1),
    accounts: async (): Promise<AccountEntry[]> => {
      await later(50);
      if (!["signed_in", "refreshing", "offline", "reauth"].includes(state)) return [];
      return signedIn.map((login, i) => ({ ...accountOf(login), active: i === 0 }));
    },
    switchAccount: async (login) => {
      await later(150);
      if (!signedIn.includes(login)) throw `session: ${login} is not signed in here`;
      signedIn = [login, ...signedIn.filter((l) => l !== login)];
      refreshedAt = Date.now();
      set("signed_in");
    },
    openInBrowser: async () => {
      await later(150);
      if (q.get("browser") === "fail") throw "session: opening the system browser is not supported yet";
      set("waiting");
    },
    cancelSignIn: async () => {
      q.set("problem", "cancelled");
      set("signed_out");
    },
    signOut: async () => {
      await later(150);
      q.delete("problem");
      signedIn = signedIn.slice(1);
      set(signedIn.length > 0 ? "signed_in" : "signed_out");
    },
    refreshNow: async () => {
      set("refreshing");
      await later(800);
      refreshedAt = Date.now();
      set("signed_in");
    },
    shown: async () => {},
    onStatus: (cb) => {
      listener = cb;
      return () => (listener = undefined);
    },
    openExternal: (url) => void window.open(url, "_blank", "noopener"),
  };
}

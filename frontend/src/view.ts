// view turns the backend's Status into what the window shows. Pure: no DOM,
// no clock of its own, so every screen is a unit test.
import { brandColors, logoUrl, type BrandColors } from "./brand";
import { translator, type Key, type Translator } from "./i18n";
import { explain, fill, plain, type Part } from "./text";
import { clock, nextMidnight, parseTime, when } from "./time";
import { refusedApp, type SettingsPanel } from "./refused";
import type { Account, AccountEntry, Info, Locale, State, Status } from "./types";

export { explain, fill, plain, type Explained, type Part } from "./text";
export type { SettingRow, SettingsPanel } from "./refused";

/** Line is one line of text under the headline. */
export interface Line {
  parts: Part[];
  tone?: "muted" | "ok" | "detail" | "busy";
}

/** Banner is a boxed note: a gentle info, a warning or an error. */
export interface Banner {
  tone: "info" | "warning" | "error";
  lead?: string;
  text: string;
  detail?: string;
}

/** ActionId names what a button or link does; main.ts maps it to a backend call. */
export type ActionId =
  | "sign_in"
  | "try_demo"
  | "open_in_browser"
  | "cancel"
  | "sign_out"
  | "refresh"
  | "retry"
  | "switch_account"
  | "add_account"
  | "copy_settings";

/** Action is a button (or, for links, a secondary text button). */
export interface Action {
  id: ActionId;
  label: string;
  primary?: boolean;
  autofocus?: boolean;
  disabled?: boolean;
  /** login is the account a switch_account button switches to. */
  login?: string;
  /** ariaLabel names the button for screen readers when its label alone is too short. */
  ariaLabel?: string;
}

/** AccountView is the account block of the signed-in screens. */
export interface AccountView {
  name: string;
  login: string;
  avatarUrl?: string;
  htmlUrl?: string;
  initials: string;
}

/** OtherAccount is a signed-in account that is not the active one, with its Switch button. */
export interface OtherAccount extends AccountView {
  action: Action;
}

/** Others is the "Other accounts" list of the signed-in screens. */
export interface Others {
  title: string;
  accounts: OtherAccount[];
}

/** Ui is what the page itself knows besides Status: a call in flight, a rejected call's message. */
export interface Ui {
  busy?: ActionId | null;
  error?: string | null;
}

/** ViewModel is one screen, ready to render. */
export interface ViewModel {
  state: State;
  locale: Locale;
  title: string;
  appName: string;
  /** logoUrl is the configured logo; absent: the built-in one. */
  logoUrl?: string;
  /** brandColors set the configured accent; absent: the built-in colours. */
  brandColors?: BrandColors;
  tagline?: string;
  badge?: string;
  headline: Part[];
  /** headlineTone styles the headline: "quiet" for a plain status sentence,
   * "hidden" when the screen already shows it (it is still announced). */
  headlineTone?: "quiet" | "hidden";
  spinner: boolean;
  account?: AccountView;
  /** others lists the other signed-in accounts; shown after the actions, absent when there are none. */
  others?: Others;
  /** settings shows the app's settings when AtomGit refused them (client_refused). */
  settings?: SettingsPanel;
  lines: Line[];
  steps?: Part[][];
  banner?: Banner;
  actions: Action[];
  links: Action[];
  hint?: string;
  error?: string;
  escCancels: boolean;
  /** tickMs is how soon the screen must be redrawn because a time it shows reads
   * differently then (at the expiry, or at midnight); null when nothing changes. */
  tickMs: number | null;
  footer: string;
  copyLabel: string;
  copiedLabel: string;
}

export function initials(name: string, login: string): string {
  const words = (name.trim() || login.trim()).split(/[\s._-]+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = Array.from(words[0])[0] ?? "";
  // One letter for CJK names, which have no spaces between given and family name.
  if (words.length === 1 || /[^\x00-\x7f]/.test(first)) return first.toUpperCase();
  return (first + (Array.from(words[words.length - 1])[0] ?? "")).toUpperCase();
}

function safeUrl(u: string | undefined): string | undefined {
  return u && /^(https?:|data:image\/)/i.test(u) ? u : undefined;
}

function accountView(a: Account): AccountView {
  const name = a.name.trim() || a.login;
  const v: AccountView = { name, login: a.login, initials: initials(a.name, a.login) };
  const avatar = safeUrl(a.avatar_url);
  const html = safeUrl(a.html_url);
  if (avatar) v.avatarUrl = avatar;
  if (html) v.htmlUrl = html;
  return v;
}

/** view renders one Status for one Info at time now; ui adds what the page knows itself,
 * accounts is the last list of signed-in accounts (the active one is taken from status). */
export function view(
  status: Status,
  info: Info,
  now: Date,
  ui: Ui = {},
  accounts: AccountEntry[] = [],
): ViewModel {
  const locale: Locale = info.locale === "zh" ? "zh" : "en";
  const t = translator(locale);
  const text = (key: Key, vars: Record<string, string> = {}, kind?: Part["kind"]) =>
    fill(t(key), vars, kind);
  const act = (id: ActionId, key: Key, extra: Partial<Action> = {}): Action => ({
    id,
    label: t(key),
    ...extra,
  });
  const host = status.host || info.authorize_host;

  const vm: ViewModel = {
    state: status.state,
    locale,
    title: info.app_name,
    appName: info.app_name,
    headline: [],
    spinner: false,
    lines: [],
    actions: [],
    links: [],
    escCancels: false,
    tickMs: null,
    // No version (another Wails app's window, auth/wailsauth): no footer.
    footer: info.version ? plain(text("version", { version: info.version })) : "",
    copyLabel: t("copy"),
    copiedLabel: t("copied"),
  };
  const logo = logoUrl(info.logo_url);
  if (logo) vm.logoUrl = logo;
  const colors = brandColors(info.accent);
  if (colors) vm.brandColors = colors;
  if (status.demo || info.demo) vm.badge = t("demo_badge");
  if (status.account) vm.account = accountView(status.account);
  const problem = status.error ? explain(status.error, t) : undefined;

  switch (status.state) {
    case "unconfigured":
      vm.tagline = info.tagline;
      vm.headline = [{ text: t("unconfigured_title") }];
      vm.steps = [
        text("unconfigured_register", { register_url: info.register_url }, "link"),
        text("unconfigured_callback", { redirect_uri: info.redirect_uri }, "code"),
        text(
          "unconfigured_credentials",
          {
            client_id_env: "ATOMGIT_CLIENT_ID",
            client_secret_env: "ATOMGIT_CLIENT_SECRET",
            config_path: info.config_path,
          },
          "code",
        ),
      ];
      vm.lines = [{ parts: [{ text: t("unconfigured_or_demo") }], tone: "muted" }];
      vm.actions = [act("try_demo", "try_demo", { primary: true, autofocus: true })];
      break;

    case "signed_out":
      vm.tagline = info.tagline;
      vm.headline = [{ text: t("signed_out") }];
      vm.headlineTone = "quiet";
      if (status.error && problem) {
        const gentle = status.error.code === "cancelled" || status.error.code === "timeout";
        vm.banner = { tone: gentle ? "info" : "error", text: problem.sentence };
        if (problem.detail) vm.banner.detail = problem.detail;
      }
      vm.actions = [act("sign_in", "sign_in", { primary: true, autofocus: true })];
      vm.links = [act("open_in_browser", "use_browser")];
      break;

    case "opening":
      vm.headline = text("opening", { host }, "em");
      vm.spinner = true;
      vm.hint = t("esc_to_cancel");
      vm.escCancels = true;
      break;

    case "waiting":
      vm.headline = text("waiting", { host }, "em");
      vm.spinner = true;
      vm.hint = t("esc_to_cancel");
      vm.escCancels = true;
      vm.actions = [act("cancel", "cancel", { autofocus: true })];
      break;

    case "finishing":
      vm.headline = [{ text: t("finishing") }];
      vm.spinner = true;
      break;

    case "signed_in":
    case "refreshing":
      signedIn(vm, status, now, t, locale);
      addAccounts(vm, status, accounts, t);
      break;

    case "offline": {
      const retry = parseTime(status.retry_at);
      vm.headline = retry ? text("offline", { time: clock(retry) }) : [{ text: t("offline_soon") }];
      if (problem) vm.lines.push({ parts: [{ text: problem.sentence }] });
      if (problem?.detail) vm.lines.push({ parts: [{ text: problem.detail }], tone: "detail" });
      vm.actions = [act("refresh", "refresh_now"), act("sign_out", "sign_out")];
      addAccounts(vm, status, accounts, t);
      break;
    }

    case "reauth": {
      const a = vm.account ?? { name: "", login: "" };
      vm.headline = text("reauth", { name: a.name, login: a.login });
      const reason = problem ?? explain({ code: "invalid_grant" }, t);
      vm.lines.push({ parts: [{ text: reason.sentence }] });
      if (reason.detail) vm.lines.push({ parts: [{ text: reason.detail }], tone: "detail" });
      vm.actions = [act("sign_in", "sign_in_again", { primary: true, autofocus: true })];
      if (status.error?.code === "client_refused") refusedApp(vm, status.error, info, t);
      break;
    }

    case "keyring_wait":
      vm.headline = [{ text: t("keyring_wait") }];
      vm.lines = [{ parts: [{ text: t("keyring_wait_hint") }], tone: "muted" }];
      vm.spinner = true;
      break;

    case "error":
    default: {
      vm.state = "error";
      delete vm.account;
      const p = problem ?? explain({ code: "unknown" }, t);
      vm.headline = [{ text: p.sentence }];
      if (p.detail) vm.lines.push({ parts: [{ text: p.detail }], tone: "detail" });
      vm.actions = [act("retry", "retry", { primary: true, autofocus: true })];
      if (status.error?.code === "client_refused") refusedApp(vm, status.error, info, t);
      break;
    }
  }

  if (ui.error) vm.error = ui.error;
  if (ui.busy || status.state === "refreshing") {
    vm.actions = vm.actions.map((a) => ({ ...a, disabled: true }));
    vm.links = vm.links.map((a) => ({ ...a, disabled: true }));
    if (vm.others) {
      vm.others.accounts = vm.others.accounts.map((o) => ({ ...o, action: { ...o.action, disabled: true } }));
    }
  }
  return vm;
}

function signedIn(vm: ViewModel, s: Status, now: Date, t: Translator, locale: Locale): void {
  // Chinese sentences and full-width brackets need no space between them.
  const sp = locale === "zh" ? "" : " ";
  const name = vm.account?.name ?? "";
  vm.headline = fill(t("signed_in"), { name });
  vm.headlineTone = "hidden";
  // Times are shown as clock times, which stay true while the window sits idle: the
  // screen is redrawn only when one of them will read differently (see redrawAt).
  const shown: Date[] = [];
  let expiry: Date | undefined;

  if (s.state === "refreshing") {
    vm.lines.push({ parts: [{ text: t("refreshing") }], tone: "busy" });
  } else {
    const exp = parseTime(s.expires_at);
    if (exp) {
      const key: Key = exp.getTime() >= now.getTime() ? "expires_at" : "expired";
      const parts = fill(t(key), { when: when(exp, now, locale) });
      if (s.expiry_assumed) parts.push({ text: sp + t("expiry_assumed") });
      vm.lines.push({ parts });
      shown.push(exp);
      expiry = exp;
    }
  }

  const refreshed = parseTime(s.refreshed_at);
  if (refreshed) {
    vm.lines.push({ parts: fill(t("refreshed"), { when: when(refreshed, now, locale) }), tone: "muted" });
    shown.push(refreshed);
  }

  if (s.storage === "keyring") {
    vm.lines.push({ parts: [{ text: t("storage_keyring") }], tone: "ok" });
  } else if (s.storage === "file") {
    vm.lines.push({ parts: [{ text: t("storage_file") }], tone: "muted" });
  } else if (s.storage === "memory") {
    if (s.storage_problem) {
      const p = explain(s.storage_problem, t);
      vm.banner = {
        tone: "warning",
        lead: t("not_remembered"),
        text: p.sentence + sp + t("sign_in_next_time"),
      };
      if (p.detail) vm.banner.detail = p.detail;
    } else if (s.demo) {
      vm.lines.push({ parts: [{ text: t("storage_memory_demo") }], tone: "muted" });
    } else {
      vm.banner = { tone: "warning", lead: t("not_remembered"), text: t("sign_in_next_time") };
    }
  }

  // AtomGit's tokens expire before they may be refreshed: say so while one is still good.
  if (s.error?.code === "short_lived" && !vm.banner) {
    vm.banner = { tone: "warning", text: explain(s.error, t).sentence };
  }

  vm.tickMs = redrawAt(shown, now, locale, expiry);
  // The keyboard starts on Refresh now; Tab reaches Sign out.
  vm.actions = [
    { id: "refresh", label: t("refresh_now"), autofocus: true },
    { id: "sign_out", label: t("sign_out") },
  ];
}

// addAccounts lists the other signed-in accounts, each with Switch, and offers to add one.
// They come after Sign out, so Tab goes from Refresh now to Sign out first.
function addAccounts(vm: ViewModel, s: Status, accounts: AccountEntry[], t: Translator): void {
  // The Status names the active account; the list may be a moment older than it.
  const active = s.account?.login;
  const seen = new Set<string>();
  const others: OtherAccount[] = [];
  for (const a of accounts) {
    if (!a || !a.login || a.login === active || seen.has(a.login)) continue;
    seen.add(a.login);
    const v = accountView(a);
    const ariaLabel = plain(fill(t("switch_to"), { name: v.name, login: v.login }));
    others.push({ ...v, action: { id: "switch_account", label: t("switch_account"), login: a.login, ariaLabel } });
  }
  if (active && others.length > 0) vm.others = { title: t("other_accounts"), accounts: others };
  vm.links = [{ id: "add_account", label: t("add_account") }];
}

// redrawAt says how soon a screen showing these times reads differently: when a future
// expiry passes ("valid until" becomes "expired at") or at midnight when a shown time
// gains or loses its date. Null when neither happens: the idle window has no timer.
// The 20 ms keep the redraw from landing just before the moment.
function redrawAt(shown: Date[], now: Date, locale: Locale, expiry: Date | undefined): number | null {
  const at: number[] = [];
  if (expiry && expiry.getTime() >= now.getTime()) at.push(expiry.getTime());
  const midnight = nextMidnight(now);
  if (shown.some((d) => when(d, now, locale) !== when(d, midnight, locale))) at.push(midnight.getTime());
  return at.length ? Math.min(...at) - now.getTime() + 20 : null;
}

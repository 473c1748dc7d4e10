// Types of the backend contract. They mirror the Go structs' json tags (a Go test,
// internal/contract, checks them against Go); the backend owns all token logic, the
// frontend only renders these.

/** Info describes the app and how it is configured; it does not change while the app runs. */
export interface Info {
  app_name: string;
  tagline: string;
  locale: Locale;
  configured: boolean;
  demo: boolean;
  redirect_uri: string;
  config_path: string;
  register_url: string;
  authorize_host: string;
  version: string;
  /** accent is the configured accent colour and its shades; absent: the built-in colours. */
  accent?: Palette;
  /** logo_url is the configured logo, served by the app itself; absent: the built-in logo. */
  logo_url?: string;
  /** settings are the OAuth app's settings AtomGit can refuse, with where each came from
   * (shown when it does); a secret's value is never among them. */
  settings: SettingInfo[];
}

/** SettingInfo is one of the app's settings: how it was given, from where, and its value. */
export interface SettingInfo {
  key: string;
  /** name is how the person gave it: a variable, a flag, the config file's key. */
  name: string;
  /** source is config.Source: default, file, env, flag, client_secret_file (and any the
   * backend adds later, shown as it is). */
  source: string;
  /** value is absent for a secret, and when not set. */
  value?: string;
  set: boolean;
}

/** Palette is an accent colour and the shades the backend derived from it, each "#rrggbb". */
export interface Palette {
  accent: string;
  hover: string;
  text: string;
  ink: string;
  ink_dark: string;
}

/** Locale is the UI language, chosen by the backend from the system language. */
export type Locale = "en" | "zh";

/** State is the session state the window shows, one screen per state. */
export type State =
  | "unconfigured"
  | "signed_out"
  | "opening"
  | "waiting"
  | "finishing"
  | "signed_in"
  | "refreshing"
  | "offline"
  | "reauth"
  | "keyring_wait"
  | "error";

/** Storage is where the backend keeps the tokens. */
export type Storage = "keyring" | "file" | "memory" | "none";

/** Account is the signed-in AtomGit user. */
export interface Account {
  id?: string;
  login: string;
  name: string;
  avatar_url?: string;
  html_url?: string;
}

/** AccountEntry is one signed-in account of this app, from Accounts(); the active one comes first. */
export interface AccountEntry extends Account {
  active: boolean;
}

/** Problem is a coded error; detail is untranslated server or system text. */
export interface Problem {
  code: string;
  detail?: string;
  setting?: string;
  /** key is, for client_refused, the setting AtomGit refused, by its config key. */
  key?: string;
  /** size and limit are, for keyring_too_big, the bytes needed and the most an entry holds. */
  size?: number;
  limit?: number;
}

/** Status is the whole session state, sent by Status() and the "status" event. */
export interface Status {
  state: State;
  host?: string;
  account?: Account;
  expires_at?: string;
  expiry_assumed?: boolean;
  refresh_expires_at?: string;
  refreshed_at?: string;
  retry_at?: string;
  storage: Storage;
  storage_problem?: Problem;
  error?: Problem;
  demo: boolean;
}

/** SignInStart is where a started sign-in attempt sends the window. */
export interface SignInStart {
  host: string;
  url: string;
}

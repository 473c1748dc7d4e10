// Every string the window shows, in English and Simplified Chinese.
// Placeholders are {name}; view.ts fills them (and may emphasise them).
import type { Locale } from "./types";

const en = {
  demo_badge: "Demo",
  version: "Version {version}",
  loading: "Loading…",

  unconfigured_title: "No OAuth app is configured yet",
  unconfigured_register: "Register an OAuth app on AtomGit: {register_url}",
  unconfigured_callback: "Set its callback URL to {redirect_uri}",
  unconfigured_credentials:
    "Put its client ID and secret in {client_id_env} and {client_secret_env}, or in {config_path}, then start the app again.",
  unconfigured_or_demo: "Or look around first with the built-in demo; it needs no account.",
  try_demo: "Try the demo",
  copy: "Copy",
  copied: "Copied",

  signed_out: "You are signed out.",
  sign_in: "Sign in with AtomGit",
  use_browser: "Use my web browser instead",

  opening: "Opening {host}…",
  esc_to_cancel: "Esc to cancel",
  waiting: "Waiting for you to finish on {host}…",
  cancel: "Cancel",
  finishing: "Finishing sign-in…",

  signed_in: "Signed in as {name}",
  expires_at: "Access token valid until {when}",
  expired: "Access token expired at {when}",
  expiry_assumed: "(assumed: AtomGit did not say)",
  refreshed: "Refreshed at {when}",
  refreshing: "Refreshing…",
  storage_keyring: "Saved in the system keyring",
  storage_file: "Saved in a plain-text file, as your settings ask (storage = file)",
  storage_memory_demo: "Demo session: kept in memory only",
  not_remembered: "Not remembered:",
  sign_in_next_time: "You will need to sign in again next time.",
  refresh_now: "Refresh now",
  sign_out: "Sign out",
  other_accounts: "Other accounts",
  switch_account: "Switch",
  switch_to: "Switch to {name} (@{login})",
  add_account: "Add another account",

  offline: "Offline — retrying at {time}",
  offline_soon: "Offline — retrying soon",

  reauth: "The session for {name} (@{login}) ended.",
  sign_in_again: "Sign in again",

  keyring_wait: "Waiting for the system keyring to unlock…",
  keyring_wait_hint: "Enter your keyring password in the system dialog.",

  retry: "Retry",

  problem_denied: "You declined on AtomGit's page, so you are not signed in.",
  problem_state_mismatch:
    "The answer did not belong to this sign-in, so nothing was stored. Please try again.",
  problem_missing_code: "AtomGit's answer had no sign-in code. Please try again.",
  problem_callback_error: "AtomGit reported a problem.",
  problem_unexpected_request:
    "The callback address received something other than AtomGit's answer, so nothing was stored. Please try again.",
  problem_port_in_use:
    "The callback address {detail} is used by another program. Change {setting} and register the new URL with the OAuth app.",
  problem_timeout: "Sign-in took too long and was stopped.",
  problem_cancelled: "Sign-in was cancelled.",
  problem_exchange_failed: "AtomGit refused the sign-in.",
  problem_user_failed: "AtomGit did not return your account details.",
  problem_network: "Can't reach AtomGit.",
  problem_server: "AtomGit had a problem. Please try again in a moment.",
  problem_invalid_grant: "The session ended or access was revoked on AtomGit.",
  problem_keyring_unavailable: "The system keyring is not available.",
  problem_keyring_timeout: "The system keyring did not answer in time.",
  problem_keyring_too_big: "AtomGit's token is larger than the keyring entry allows.",
  problem_keyring_too_big_sizes:
    "AtomGit's token is larger than the keyring entry allows: {size} bytes of at most {limit}.",
  problem_short_lived:
    "AtomGit's access tokens expire {detail} after they are issued, too soon to be refreshed in time: the app waits at least 30 seconds between refreshes, and has no valid token in between. Is this computer's clock right?",
  problem_lock_unavailable:
    "The app's lock file in your cache folder cannot be used, so it cannot safely refresh or change the stored sign-in. Check that folder's permissions.",
  problem_client_refused: "AtomGit refused this app's settings, not your account.",
  problem_internal: "Something went wrong inside the app.",
  problem_unknown: "Something went wrong.",

  refused_fix: "Correct {key} where its value comes from, then start the app again.",
  settings_title: "This app's settings",
  settings_file: "Config file: {path}",
  setting_secret_set: "set (not shown)",
  setting_not_set: "not set",
  source_env: "set by the variable {name}",
  source_flag: "set by the flag {name}",
  source_file: "set in the config file",
  source_client_secret_file: "read from the file that client_secret_file names",
  source_system_file: "set in the system-wide settings: {name}",
  source_built_in: "built into this program",
  source_default: "the default",
  source_unset: "set it with {name}, or in the config file",
  source_other: "from {source}",
  copy_settings: "Copy these settings",
} as const;

/** Key names one translated string. */
export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  demo_badge: "演示",
  version: "版本 {version}",
  loading: "正在加载…",

  unconfigured_title: "尚未配置 OAuth 应用",
  unconfigured_register: "在 AtomGit 上注册一个 OAuth 应用：{register_url}",
  unconfigured_callback: "将它的回调地址设为 {redirect_uri}",
  unconfigured_credentials:
    "把它的 Client ID 和 Secret 写入 {client_id_env} 和 {client_secret_env}，或写入 {config_path}，然后重新启动本应用。",
  unconfigured_or_demo: "也可以先用内置的演示看看，无需账号。",
  try_demo: "试用演示",
  copy: "复制",
  copied: "已复制",

  signed_out: "你尚未登录。",
  sign_in: "使用 AtomGit 登录",
  use_browser: "改用我的网页浏览器",

  opening: "正在打开 {host}…",
  esc_to_cancel: "按 Esc 取消",
  waiting: "正在等待你在 {host} 上完成…",
  cancel: "取消",
  finishing: "正在完成登录…",

  signed_in: "已登录为 {name}",
  expires_at: "访问令牌有效期至 {when}",
  expired: "访问令牌已于 {when} 过期",
  expiry_assumed: "（估计值：AtomGit 未说明）",
  refreshed: "已于 {when} 刷新",
  refreshing: "正在刷新…",
  storage_keyring: "已保存在系统钥匙环中",
  storage_file: "按设置保存在明文文件中（storage = file）",
  storage_memory_demo: "演示会话：仅保存在内存中",
  not_remembered: "不会被记住：",
  sign_in_next_time: "下次需要重新登录。",
  refresh_now: "立即刷新",
  sign_out: "退出登录",
  other_accounts: "其他账户",
  switch_account: "切换",
  switch_to: "切换到 {name}（@{login}）",
  add_account: "添加其他账户",

  offline: "离线 — 将于 {time} 重试",
  offline_soon: "离线 — 稍后重试",

  reauth: "{name}（@{login}）的会话已结束。",
  sign_in_again: "重新登录",

  keyring_wait: "正在等待系统钥匙环解锁…",
  keyring_wait_hint: "请在系统对话框中输入钥匙环密码。",

  retry: "重试",

  problem_denied: "你在 AtomGit 页面上拒绝了授权，因此未登录。",
  problem_state_mismatch: "收到的应答不属于这次登录，未保存任何内容。请重试。",
  problem_missing_code: "AtomGit 的应答中没有登录代码。请重试。",
  problem_callback_error: "AtomGit 报告了一个问题。",
  problem_unexpected_request: "回调地址收到的不是 AtomGit 的应答，未保存任何内容。请重试。",
  problem_port_in_use:
    "回调地址 {detail} 已被其他程序占用。请修改 {setting}，并在 OAuth 应用中登记新的地址。",
  problem_timeout: "登录耗时过长，已停止。",
  problem_cancelled: "登录已取消。",
  problem_exchange_failed: "AtomGit 拒绝了这次登录。",
  problem_user_failed: "AtomGit 没有返回你的账号信息。",
  problem_network: "无法连接到 AtomGit。",
  problem_server: "AtomGit 出现了问题。请稍后重试。",
  problem_invalid_grant: "会话已结束，或访问权限已在 AtomGit 上被撤销。",
  problem_keyring_unavailable: "系统钥匙环不可用。",
  problem_keyring_timeout: "系统钥匙环没有及时响应。",
  problem_keyring_too_big: "AtomGit 的令牌超过了钥匙环条目允许的大小。",
  problem_keyring_too_big_sizes: "AtomGit 的令牌超过了钥匙环条目允许的大小：{size} 字节，上限 {limit} 字节。",
  problem_short_lived:
    "AtomGit 的访问令牌在签发后 {detail} 就过期，来不及按时刷新：本应用两次刷新之间至少等待 30 秒，其间没有有效的令牌。请检查本机的时钟是否准确。",
  problem_lock_unavailable: "缓存文件夹中的锁文件无法使用，因此无法安全地刷新或更改已保存的登录。请检查该文件夹的权限。",
  problem_client_refused: "AtomGit 拒绝的是本应用的设置，而不是你的账户。",
  problem_internal: "应用内部出现了问题。",
  problem_unknown: "出现了问题。",

  refused_fix: "请在 {key} 的值的来源处改正它，然后重新启动本应用。",
  settings_title: "本应用的设置",
  settings_file: "配置文件：{path}",
  setting_secret_set: "已设置（不显示）",
  setting_not_set: "未设置",
  source_env: "由环境变量 {name} 设置",
  source_flag: "由命令行选项 {name} 设置",
  source_file: "在配置文件中设置",
  source_client_secret_file: "读取自 client_secret_file 指定的文件",
  source_system_file: "在系统级设置中设置：{name}",
  source_built_in: "内置于本程序",
  source_default: "默认值",
  source_unset: "可用 {name} 或在配置文件中设置",
  source_other: "来自 {source}",
  copy_settings: "复制这些设置",
};

/** tables holds both languages; tests check that they have the same keys. */
export const tables: Record<Locale, Record<Key, string>> = { en, zh };

/** Translator returns the string for a key in one language. */
export type Translator = (key: Key) => string;

/** translator returns the Translator for a locale; an unknown locale gets English. */
export function translator(locale: string): Translator {
  const table = tables[locale as Locale] ?? en;
  return (key) => table[key];
}

// refused: the screen's part where AtomGit refused the OAuth app's settings, not the
// person: which setting to correct, and where each comes from. Pure.
import type { Translator } from "./i18n";
import { fill, plain, type Part } from "./text";
import type { Info, Problem, SettingInfo } from "./types";
import type { ViewModel } from "./view";

/** SettingRow is one of the app's settings in the SettingsPanel. */
export interface SettingRow {
  key: string;
  /** value is the setting's value, copyable; absent for a secret or one not set (see note). */
  value?: string;
  /** note stands for the value of a secret ("set (not shown)") or of a setting not set. */
  note?: string;
  /** from says where the value comes from. */
  from: string;
  /** fault marks the setting AtomGit refused. */
  fault: boolean;
}

/** SettingsPanel shows the OAuth app's settings where AtomGit refused the app: each with
 * where its value comes from, and the config file. Never a secret's value. */
export interface SettingsPanel {
  title: string;
  rows: SettingRow[];
  file: Part[];
  /** copyText is what "Copy these settings" copies: the same, as plain text. */
  copyText: string;
}

// refusedSettings are the settings a refusal names, besides the one refused, in order.
const refusedSettings = ["client_id", "client_secret", "redirect_uri"];

// refusedApp shows, where AtomGit refused the app's settings (not the person), which one to
// correct and where each of the app's settings comes from, with the config file, and
// offers to copy them; Retry stays, for after the app's registration is changed.
export function refusedApp(vm: ViewModel, p: Problem, info: Info, t: Translator): void {
  const key = p.key ?? "";
  vm.lines.push({ parts: fill(t("refused_fix"), { key }, "em") });
  const wanted = [key, ...refusedSettings].filter((k, i, all) => k && all.indexOf(k) === i);
  const settings = info.settings ?? [];
  const rows: SettingRow[] = [];
  for (const k of wanted) {
    const s = settings.find((x) => x.key === k);
    if (s) rows.push(settingRow(s, k === key, t));
  }
  const file = fill(t("settings_file"), { path: info.config_path }, "code");
  const lines = rows.map((r) => `${r.key}: ${r.value ?? r.note ?? ""} (${r.from})`);
  vm.settings = {
    title: t("settings_title"),
    rows,
    file,
    copyText: [`${info.app_name}: ${t("settings_title")}`, ...lines, plain(file)].join("\n"),
  };
  vm.actions = [
    { id: "copy_settings", label: t("copy_settings"), primary: true, autofocus: true },
    { ...vm.actions[0], primary: false, autofocus: false },
  ];
}

// settingRow is one setting as the panel shows it: its value (never a secret's), and
// where it comes from.
function settingRow(s: SettingInfo, fault: boolean, t: Translator): SettingRow {
  const row: SettingRow = { key: s.key, from: settingSource(s, t), fault };
  if (s.value) row.value = s.value;
  else row.note = t(s.set ? "setting_secret_set" : "setting_not_set");
  return row;
}

// settingSource says where a setting's value comes from; a source this page does not
// know is named as it is.
function settingSource(s: SettingInfo, t: Translator): string {
  switch (s.source) {
    case "env":
      return plain(fill(t("source_env"), { name: s.name }));
    case "flag":
      return plain(fill(t("source_flag"), { name: s.name }));
    case "file":
      return t("source_file");
    case "client_secret_file":
      return t("source_client_secret_file");
    case "system file":
      return plain(fill(t("source_system_file"), { name: s.name }));
    case "built in":
      return t("source_built_in");
    case "default":
      return s.set ? t("source_default") : plain(fill(t("source_unset"), { name: s.name }));
  }
  return plain(fill(t("source_other"), { source: s.source }));
}


// text: filling translated templates, and a problem's sentence. Pure.
import type { Key, Translator } from "./i18n";
import type { Problem } from "./types";

/** Part is a run of text; em parts are emphasised, code parts are copyable, link parts open externally. */
export interface Part {
  text: string;
  kind?: "em" | "code" | "link";
}

/** fill replaces {name} placeholders; the filled-in values become parts of the given kind. */
export function fill(template: string, vars: Record<string, string>, kind?: Part["kind"]): Part[] {
  const parts: Part[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    const value = vars[m[1]] ?? m[0];
    parts.push(kind ? { text: value, kind } : { text: value });
    last = re.lastIndex;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return kind ? parts : [{ text: parts.map((p) => p.text).join("") }];
}

/** plain joins parts into a string. */
export function plain(parts: Part[]): string {
  return parts.map((p) => p.text).join("");
}

// problemKeys has an entry for every problem code the backend sends, and no other: a Go
// test (internal/contract) reads the codes from the Go source and checks.
const problemKeys: Record<string, Key> = {
  denied: "problem_denied",
  state_mismatch: "problem_state_mismatch",
  missing_code: "problem_missing_code",
  callback_error: "problem_callback_error",
  unexpected_request: "problem_unexpected_request",
  port_in_use: "problem_port_in_use",
  timeout: "problem_timeout",
  cancelled: "problem_cancelled",
  exchange_failed: "problem_exchange_failed",
  user_failed: "problem_user_failed",
  network: "problem_network",
  server: "problem_server",
  invalid_grant: "problem_invalid_grant",
  keyring_unavailable: "problem_keyring_unavailable",
  keyring_timeout: "problem_keyring_timeout",
  keyring_too_big: "problem_keyring_too_big",
  short_lived: "problem_short_lived",
  lock_unavailable: "problem_lock_unavailable",
  client_refused: "problem_client_refused",
  internal: "problem_internal",
};

/** Explained is a problem as a sentence, with the untranslated detail kept apart. */
export interface Explained {
  sentence: string;
  detail?: string;
}

/** explain turns a Problem into a sentence a person understands; unknown codes get a generic one. */
export function explain(p: Problem, t: Translator): Explained {
  // A too-large token says by how much when the backend knows.
  const sized = p.code === "keyring_too_big" && p.size && p.limit;
  const template = t(sized ? "problem_keyring_too_big_sizes" : (problemKeys[p.code] ?? "problem_unknown"));
  const vars = {
    detail: p.detail ?? "",
    setting: p.setting ?? "ATOMGIT_REDIRECT_URI",
    size: String(p.size ?? ""),
    limit: String(p.limit ?? ""),
  };
  const sentence = capitalise(plain(fill(template, vars)));
  // A detail already inside the sentence is not repeated under it.
  const detail = p.detail && !template.includes("{detail}") ? p.detail : undefined;
  return detail ? { sentence, detail } : { sentence };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** initials gives one or two letters for an avatar placeholder. */

// Relative and clock time for display. Pure: the caller passes "now".
import type { Locale } from "./types";

const units = {
  en: { d: "d", h: "h", min: "min", s: "s", sep: " " },
  zh: { d: "天", h: "小时", min: "分钟", s: "秒", sep: " " },
} as const;

/** parseTime reads an RFC 3339 time; missing or invalid text gives undefined. */
export function parseTime(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** duration formats a non-negative number of seconds with at most two units:
 * "45 s", "12 min", "7 h 59 min", "2 d 3 h" (zh: "7 小时 59 分钟"). */
export function duration(seconds: number, locale: Locale): string {
  const u = units[locale];
  const s = Math.max(0, Math.floor(seconds));
  const part = (n: number, unit: string) => `${n}${u.sep}${unit}`;
  if (s < 60) return part(s, u.s);
  const min = Math.floor(s / 60);
  if (min < 60) return part(min, u.min);
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${part(h, u.h)} ${part(min % 60, u.min)}` : part(h, u.h);
  const d = Math.floor(h / 24);
  return h % 24 ? `${part(d, u.d)} ${part(h % 24, u.h)}` : part(d, u.d);
}

/** relative formats target as seen from now: "in 7 h 59 min", "in 45 s",
 * "2 min ago", "just now" (zh: "7 小时 59 分钟后", "2 分钟前", "刚刚").
 * A past time under a minute is "just now". */
export function relative(target: Date, now: Date, locale: Locale): string {
  const secs = (target.getTime() - now.getTime()) / 1000;
  if (secs >= 0) {
    const d = duration(secs, locale);
    return locale === "zh" ? `${d}后` : `in ${d}`;
  }
  if (-secs < 60) return locale === "zh" ? "刚刚" : "just now";
  const d = duration(-secs, locale);
  return locale === "zh" ? `${d}前` : `${d} ago`;
}

/** clock formats a time of day in the local zone as 24-hour "14:05". */
export function clock(t: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

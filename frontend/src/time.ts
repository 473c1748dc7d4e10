// Clock times for display. Pure: the caller passes "now".
import type { Locale } from "./types";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** parseTime reads an RFC 3339 time; missing or invalid text gives undefined. */
export function parseTime(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** clock formats a time of day in the local zone as 24-hour "14:05". */
export function clock(t: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** startOfDay is local midnight at the start of t's day. */
function startOfDay(t: Date): number {
  return new Date(t.getFullYear(), t.getMonth(), t.getDate()).getTime();
}

/** nextMidnight is the local midnight after now, when a time of today stops being "today". */
export function nextMidnight(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}

/** when formats t for a sentence read at now: the clock time alone for a time of
 * today ("14:05"), with the date for any other day ("Mar 2, 14:05"; zh "3月2日 14:05").
 * Unlike "in 7 h 59 min", the text does not change while time passes, except at
 * midnight, so the screen showing it needs no timer. */
export function when(t: Date, now: Date, locale: Locale): string {
  if (startOfDay(t) === startOfDay(now)) return clock(t);
  const year = t.getFullYear() === now.getFullYear() ? "" : locale === "zh" ? `${t.getFullYear()}年` : `, ${t.getFullYear()}`;
  return locale === "zh"
    ? `${year}${t.getMonth() + 1}月${t.getDate()}日 ${clock(t)}`
    : `${months[t.getMonth()]} ${t.getDate()}${year}, ${clock(t)}`;
}

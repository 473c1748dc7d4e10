// report turns axe-core's results into the short line the e2e tests read from the app's
// log (a11y/backend.ts). Pure, so that its limits are a unit test.
import type { AxeResults, Result } from "axe-core";

/** Tags are the rules checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Prefix starts every report's state: "a11y <state> <json>". */
export const Prefix = "a11y";

/** MaxReport bounds a report's JSON: the tests read the log a line at a time (64 KiB). */
export const MaxReport = 16_000;

/** Violation is one failed rule and some of the elements that fail it. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
  /** more is how many failing elements are left out. */
  more: number;
}

/** Report is one screen's check. */
export interface Report {
  /** state is the screen's state when the check began; stable is false when the screen
   * changed before it ended (its findings may then mix two screens). */
  state: string;
  stable: boolean;
  violations: Violation[];
  /** incomplete names the rules axe could not decide here (it asks a person to look),
   * each with the first element in question. */
  incomplete: string[];
  /** left is how many violations did not fit in MaxReport. */
  left: number;
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

function violation(r: Result, nodes: number): Violation {
  return {
    id: r.id,
    impact: r.impact ?? "",
    help: cut(r.help, 200),
    nodes: r.nodes.slice(0, nodes).map((n) => ({
      target: cut(n.target.map(String).join(" "), 200),
      summary: cut((n.failureSummary ?? "").replace(/\s+/g, " "), 400),
    })),
    more: Math.max(0, r.nodes.length - nodes),
  };
}

function undecided(r: Result): string {
  const n = r.nodes[0];
  return n ? `${r.id} ${cut(n.target.map(String).join(" "), 100)}` : r.id;
}

/** report is the JSON of a screen's check, at most MaxReport characters long. */
export function report(state: string, stable: boolean, r: Pick<AxeResults, "violations" | "incomplete">): string {
  const out: Report = { state, stable, violations: [], incomplete: r.incomplete.map(undecided), left: 0 };
  for (const [i, v] of r.violations.entries()) {
    out.violations.push(violation(v, 3));
    if (JSON.stringify(out).length > MaxReport) {
      out.violations.pop();
      out.left = r.violations.length - i;
      break;
    }
  }
  return JSON.stringify(out);
}

import { describe, expect, it } from "vitest";
import type { Result } from "axe-core";
import { MaxReport, report } from "./report";

const violation = (id: string, nodes: number, summary = "Fix any of the following: contrast"): Result =>
  ({
    id,
    impact: "serious",
    help: "Elements must meet minimum color contrast ratio thresholds",
    description: "",
    helpUrl: "",
    tags: [],
    nodes: Array.from({ length: nodes }, (_, i) => ({
      target: [`#n${i}`],
      failureSummary: summary,
      html: "",
      impact: "serious",
      any: [],
      all: [],
      none: [],
    })),
  }) as unknown as Result;

describe("report", () => {
  it("names each violation, three of its elements and how many more", () => {
    const r = JSON.parse(report("signed_out", true, { violations: [violation("color-contrast", 5)], incomplete: [] }));
    expect(r.state).toBe("signed_out");
    expect(r.stable).toBe(true);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0].id).toBe("color-contrast");
    expect(r.violations[0].nodes.map((n: { target: string }) => n.target)).toEqual(["#n0", "#n1", "#n2"]);
    expect(r.violations[0].more).toBe(2);
    expect(r.left).toBe(0);
  });

  it("stays within MaxReport, and counts what it left out", () => {
    const many = Array.from({ length: 200 }, (_, i) => violation(`rule-${i}`, 3, "x".repeat(1000)));
    const text = report("error", false, { violations: many, incomplete: [] });
    expect(text.length).toBeLessThanOrEqual(MaxReport);
    const r = JSON.parse(text);
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations.length + r.left).toBe(200);
  });

  it("reports a clean screen as clean", () => {
    const r = JSON.parse(report("signed_in", true, { violations: [], incomplete: [violation("color-contrast", 1)] }));
    expect(r.violations).toEqual([]);
    expect(r.incomplete).toEqual(["color-contrast #n0"]);
  });
});

import { describe, expect, it } from "vitest";
import { clock, duration, parseTime, relative } from "./time";

const now = new Date("2025-03-01T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("relative", () => {
  const cases: [number, "en" | "zh", string][] = [
    [7 * 3600 + 59 * 60 + 30, "en", "in 7 h 59 min"],
    [45, "en", "in 45 s"],
    [0, "en", "in 0 s"],
    [12 * 60, "en", "in 12 min"],
    [8 * 3600, "en", "in 8 h"],
    [26 * 3600, "en", "in 1 d 2 h"],
    [-2 * 60 - 10, "en", "2 min ago"],
    [-30, "en", "just now"],
    [-3 * 3600, "en", "3 h ago"],
    [7 * 3600 + 59 * 60, "zh", "7 小时 59 分钟后"],
    [45, "zh", "45 秒后"],
    [-2 * 60, "zh", "2 分钟前"],
    [-5, "zh", "刚刚"],
  ];
  for (const [secs, locale, want] of cases) {
    it(`${secs}s ${locale} → ${want}`, () => {
      expect(relative(at(secs), now, locale)).toBe(want);
    });
  }
});

describe("duration", () => {
  it("clamps negatives to zero", () => expect(duration(-5, "en")).toBe("0 s"));
  it("omits zero minutes", () => expect(duration(2 * 3600, "zh")).toBe("2 小时"));
});

describe("parseTime", () => {
  it("reads RFC 3339", () => expect(parseTime("2025-03-01T10:00:00Z")?.getTime()).toBe(now.getTime()));
  it("rejects junk", () => expect(parseTime("soon")).toBeUndefined());
  it("rejects missing", () => expect(parseTime(undefined)).toBeUndefined());
});

describe("clock", () => {
  it("is 24-hour local time with zero padding", () => {
    expect(clock(new Date(2025, 0, 2, 14, 5))).toBe("14:05");
    expect(clock(new Date(2025, 0, 2, 9, 7))).toBe("09:07");
  });
});

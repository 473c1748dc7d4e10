import { describe, expect, it } from "vitest";
import { clock, nextMidnight, parseTime, when } from "./time";

const now = new Date(2025, 2, 1, 10, 0); // local time: the formats are local

describe("when", () => {
  const cases: [Date, "en" | "zh", string][] = [
    [new Date(2025, 2, 1, 17, 59), "en", "17:59"],
    [new Date(2025, 2, 1, 0, 5), "zh", "00:05"],
    [new Date(2025, 2, 2, 1, 30), "en", "Mar 2, 01:30"],
    [new Date(2025, 1, 28, 23, 50), "en", "Feb 28, 23:50"],
    [new Date(2025, 2, 2, 1, 30), "zh", "3月2日 01:30"],
    [new Date(2026, 0, 3, 8, 0), "en", "Jan 3, 2026, 08:00"],
    [new Date(2026, 0, 3, 8, 0), "zh", "2026年1月3日 08:00"],
  ];
  for (const [t, locale, want] of cases) {
    it(`${t.toString()} ${locale} → ${want}`, () => expect(when(t, now, locale)).toBe(want));
  }
  it("gains the date after midnight", () => {
    const t = new Date(2025, 2, 1, 9, 12);
    expect(when(t, now, "en")).toBe("09:12");
    expect(when(t, nextMidnight(now), "en")).toBe("Mar 1, 09:12");
  });
});

describe("nextMidnight", () => {
  it("is the start of the next local day", () => expect(nextMidnight(now)).toEqual(new Date(2025, 2, 2)));
  it("crosses months", () => expect(nextMidnight(new Date(2025, 1, 28, 23, 59))).toEqual(new Date(2025, 2, 1)));
});

describe("parseTime", () => {
  it("reads RFC 3339", () => expect(parseTime("2025-03-01T10:00:00Z")?.getTime()).toBe(Date.UTC(2025, 2, 1, 10)));
  it("rejects junk", () => expect(parseTime("soon")).toBeUndefined());
  it("rejects missing", () => expect(parseTime(undefined)).toBeUndefined());
});

describe("clock", () => {
  it("pads to 24-hour HH:MM", () => {
    expect(clock(new Date(2025, 0, 2, 14, 5))).toBe("14:05");
    expect(clock(new Date(2025, 0, 2, 9, 7))).toBe("09:07");
  });
});

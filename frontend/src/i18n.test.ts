import { describe, expect, it } from "vitest";
import { tables, translator } from "./i18n";

describe("tables", () => {
  it("en and zh have the same keys", () => {
    expect(Object.keys(tables.zh).sort()).toEqual(Object.keys(tables.en).sort());
  });
  it("no string is empty", () => {
    for (const table of Object.values(tables)) {
      for (const [k, v] of Object.entries(table)) expect(v, k).not.toBe("");
    }
  });
  it("both languages use the same placeholders", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(tables.en) as (keyof typeof tables.en)[]) {
      expect(holes(tables.zh[k]), k).toEqual(holes(tables.en[k]));
    }
  });
  it("unknown locales fall back to English", () => {
    expect(translator("fr")("sign_in")).toBe("Sign in with AtomGit");
  });
});

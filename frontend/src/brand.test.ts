import { describe, expect, it } from "vitest";
import { brandColors, logoUrl } from "./brand";
import { view } from "./view";
import type { Info, Palette } from "./types";

const blue: Palette = { accent: "#1f6feb", hover: "#4185ee", text: "#ffffff", ink: "#1f6feb", ink_dark: "#4788eb" }; // as Go derives it
const info: Info = {
  app_name: "Acme Forge",
  tagline: "One sign-in for every Acme tool.",
  locale: "en",
  configured: true,
  demo: false,
  redirect_uri: "http://127.0.0.1:8765/callback",
  config_path: "/home/ada/.config/atomgit-login/config.json",
  register_url: "https://atomgit.com/setting/oauth-apps",
  authorize_host: "atomgit.com",
  settings: [],
  version: "1.2.3",
};

describe("brandColors", () => {
  it("maps a palette to the style sheet's custom properties", () => {
    expect(brandColors(blue)).toEqual({
      "--brand-accent": "#1f6feb",
      "--brand-accent-hover": "#4185ee",
      "--brand-accent-text": "#ffffff",
      "--brand-ink": "#1f6feb",
      "--brand-ink-dark": "#4788eb",
    });
  });

  it("leaves the built-in colours without a palette", () => {
    expect(brandColors(undefined)).toBeUndefined();
  });

  it("lets nothing but #rrggbb reach the style sheet", () => {
    for (const bad of ["red", "#fff", "#1f6feb;}", "#1f6feb; background: url(x)", "var(--x)", "", "#1f6feb0"]) {
      expect(brandColors({ ...blue, ink_dark: bad }), bad).toBeUndefined();
    }
  });
});

describe("logoUrl", () => {
  it("accepts the app's own path", () => {
    expect(logoUrl("/brand/logo")).toBe("/brand/logo");
  });

  it("refuses other origins and schemes", () => {
    for (const bad of ["https://evil.example/x.png", "//evil.example/x.png", "javascript:alert(1)", "data:image/png;base64,AA", "file:///etc/passwd", "brand/logo", "/brand/logo?x=<", ""]) {
      expect(logoUrl(bad), bad).toBeUndefined();
    }
    expect(logoUrl(undefined)).toBeUndefined();
  });
});

describe("view with a brand", () => {
  it("carries the logo and the accent to every screen", () => {
    const branded = { ...info, accent: blue, logo_url: "/brand/logo" };
    for (const state of ["unconfigured", "signed_out", "waiting", "signed_in"] as const) {
      const vm = view({ state, storage: "keyring", demo: false }, branded, new Date());
      expect(vm.logoUrl, state).toBe("/brand/logo");
      expect(vm.brandColors?.["--brand-accent"], state).toBe("#1f6feb");
      expect(vm.appName, state).toBe("Acme Forge");
    }
  });

  it("keeps the built-in look without one", () => {
    const vm = view({ state: "signed_out", storage: "keyring", demo: false }, info, new Date());
    expect(vm.logoUrl).toBeUndefined();
    expect(vm.brandColors).toBeUndefined();
  });
});

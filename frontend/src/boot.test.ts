import { describe, expect, it } from "vitest";
import { parseBoot } from "./boot";
import type { Info, Status } from "./types";
import { view } from "./view";

const info = { app_name: "AtomGit Login", locale: "en", authorize_host: "atomgit.com", version: "1" } as Info;
const signedIn: Status = {
  state: "signed_in",
  storage: "keyring",
  demo: false,
  account: { login: "alice", name: "Alice Liddell" },
  expires_at: "2030-01-01T00:00:00Z",
};

describe("parseBoot", () => {
  it("reads the inlined data, which renders the signed-in screen with no backend", () => {
    // As the Go side writes it: JSON with <, > and & escaped.
    const text = JSON.stringify({ info, status: signedIn }).replace(/</g, "\\u003c");
    const boot = parseBoot(text);
    expect(boot?.status.state).toBe("signed_in");
    const vm = view(boot!.status, boot!.info, new Date("2029-12-31T23:00:00Z"));
    expect(vm.state).toBe("signed_in");
    expect(vm.account?.login).toBe("alice");
  });

  it("keeps escaped markup as text", () => {
    const name = "</script><img src=x onerror=alert(1)>";
    const text = JSON.stringify({ info, status: { ...signedIn, account: { login: "a", name } } })
      .replace(/</g, "\\u003c")
      .replace(/>/g, "\\u003e");
    expect(parseBoot(text)?.status.account?.name).toBe(name);
  });

  it.each([
    ["nothing", undefined],
    ["empty", ""],
    ["not JSON", "{"],
    ["not an object", "1"],
    ["no status", JSON.stringify({ info })],
    ["no state", JSON.stringify({ info, status: { storage: "none" } })],
    ["no info", JSON.stringify({ status: signedIn })],
  ])("gives undefined for %s", (_, text) => {
    expect(parseBoot(text)).toBeUndefined();
  });
});

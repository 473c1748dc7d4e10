import { describe, expect, it } from "vitest";
import type { Backend } from "./backend";
import { OpeningDelayMs, Store, type Env, type Snapshot } from "./store";
import type { Marks } from "./timing";
import type { AccountEntry, Info, SignInStart, Status } from "./types";

const info = { app_name: "AtomGit Login", locale: "en", authorize_host: "atomgit.com" } as Info;
const signedOut: Status = { state: "signed_out", storage: "none", demo: false };

// fakeBackend answers from fields the test sets; calls are recorded.
class FakeBackend implements Backend {
  calls: string[] = [];
  status_: Status = signedOut;
  listener: ((s: Status) => void) | undefined;
  unsubscribed = false;
  start: SignInStart = { host: "atomgit.com", url: "https://atomgit.com/oauth/authorize?x" };
  reject: Record<string, string> = {};
  accounts_: AccountEntry[] = [];
  switchedTo: string[] = [];
  // gate holds a call open until the test releases it.
  gates: Record<string, () => void> = {};

  private async call<T>(name: string, value: T): Promise<T> {
    this.calls.push(name);
    if (name in this.gates || name === "status") await new Promise<void>((r) => (this.gates[name] = r));
    if (this.reject[name]) throw this.reject[name];
    return value;
  }
  info = () => this.call("info", info);
  status = () => this.call("status", this.status_);
  signIn = () => this.call("signIn", this.start);
  tryDemo = () => this.call("tryDemo", { host: "127.0.0.1:4000", url: "http://127.0.0.1:4000/authorize" });
  openInBrowser = () => this.call("openInBrowser", undefined);
  cancelSignIn = () => this.call("cancelSignIn", undefined);
  signOut = () => this.call("signOut", undefined);
  refreshNow = () => this.call("refreshNow", undefined);
  accounts = () => this.call("accounts", this.accounts_);
  switchAccount = (login: string) => {
    this.switchedTo.push(login);
    return this.call("switchAccount", undefined);
  };
  addAccount = () => this.call("addAccount", { host: "atomgit.com", url: "https://atomgit.com/logout?next=authorize" });
  shown = (_state: string, _accounts: number, _marks: Marks) => this.call("shown", undefined);
  onStatus = (cb: (s: Status) => void) => {
    this.calls.push("onStatus");
    this.listener = cb;
    return () => (this.unsubscribed = true);
  };
  openExternal = () => {};
  emit(s: Status) {
    this.listener?.(s);
  }
  release(name: string) {
    const r = this.gates[name];
    delete this.gates[name];
    r?.();
  }
}
const _: Backend = new FakeBackend();
void _;

class FakeEnv implements Env {
  navigated: string[] = [];
  timers: { f: () => void; ms: number; live: boolean }[] = [];
  navigate = (url: string) => void this.navigated.push(url);
  setTimeout = (f: () => void, ms: number) => {
    const t = { f, ms, live: true };
    this.timers.push(t);
    return t;
  };
  clearTimeout = (h: unknown) => void ((h as { live: boolean }).live = false);
  fire() {
    for (const t of this.timers.splice(0)) if (t.live) t.f();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

async function started(status: Status = signedOut) {
  const backend = new FakeBackend();
  backend.status_ = status;
  const env = new FakeEnv();
  const seen: Snapshot[] = [];
  const store = new Store(backend, env, (s) => seen.push(s));
  const done = store.start();
  await flush();
  backend.release("status");
  await done;
  return { backend, env, store, seen };
}

describe("Store", () => {
  it("subscribes before asking for Status, and renders once both arrive", async () => {
    const { backend, seen } = await started();
    expect(backend.calls.slice(0, 3)).toEqual(["onStatus", "info", "status"]);
    expect(seen.at(-1)?.status.state).toBe("signed_out");
  });

  it("renders the inlined first screen before any call, and asks for no Info", async () => {
    const backend = new FakeBackend();
    const seen: Snapshot[] = [];
    const store = new Store(backend, new FakeEnv(), (s) => seen.push(s));
    const signedIn: Status = { state: "signed_in", storage: "keyring", demo: false, account: { login: "a", name: "A" } };
    backend.status_ = signedIn;
    const done = store.start({ info, status: signedIn });
    // Synchronously, before any backend call has answered: the boot's screen.
    expect(seen.map((s) => s.status.state)).toEqual(["signed_in"]);
    expect(seen[0].info).toBe(info);
    expect(backend.calls).not.toContain("info");
    await flush();
    backend.release("status");
    await done;
    expect(seen.every((s) => s.status.state === "signed_in")).toBe(true);
  });

  it("takes a change made after the page was served from Status()", async () => {
    const backend = new FakeBackend();
    const store = new Store(backend, new FakeEnv(), () => {});
    backend.status_ = signedOut; // signed out elsewhere since
    const done = store.start({ info, status: { ...signedOut, state: "signed_in" } });
    await flush();
    backend.release("status");
    await done;
    expect(store.snapshot()?.status.state).toBe("signed_out");
  });

  it("keeps an event that overtook the Status() answer", async () => {
    const backend = new FakeBackend();
    const store = new Store(backend, new FakeEnv(), () => {});
    const done = store.start();
    await flush();
    backend.emit({ ...signedOut, state: "finishing" }); // newer than the answer below
    backend.release("status");
    await done;
    expect(store.snapshot()?.status.state).toBe("finishing");
  });

  it("shows Opening <host> for a moment, then leaves for the sign-in URL", async () => {
    const { backend, env, store } = await started();
    await store.run("sign_in");
    expect(store.snapshot()?.status).toMatchObject({ state: "opening", host: "atomgit.com" });
    expect(env.timers[0].ms).toBe(OpeningDelayMs);
    expect(env.navigated).toEqual([]);
    env.fire();
    expect(env.navigated).toEqual([backend.start.url]);
  });

  it("Try the demo leaves for the demo host", async () => {
    const { env, store } = await started({ ...signedOut, state: "unconfigured" });
    await store.run("try_demo");
    expect(store.snapshot()?.status.host).toBe("127.0.0.1:4000");
    env.fire();
    expect(env.navigated).toEqual(["http://127.0.0.1:4000/authorize"]);
  });

  it("Esc while opening cancels and stays on the page", async () => {
    const { backend, env, store } = await started();
    await store.run("sign_in");
    store.escape();
    await flush();
    env.fire();
    expect(env.navigated).toEqual([]);
    expect(backend.calls).toContain("cancelSignIn");
  });

  it("Esc while the sign-in call is in flight stops the page from leaving", async () => {
    const { backend, env, store } = await started();
    backend.gates.signIn = () => {};
    const run = store.run("sign_in");
    await flush();
    backend.emit({ ...signedOut, state: "opening", host: "atomgit.com" });
    store.escape();
    await flush();
    backend.release("signIn");
    await run;
    env.fire();
    expect(backend.calls).toContain("cancelSignIn");
    expect(env.navigated).toEqual([]);
  });

  it("Esc does nothing on other screens", async () => {
    const { backend, store } = await started();
    store.escape();
    expect(backend.calls).not.toContain("cancelSignIn");
  });

  it("a status that ends the attempt stops the page from leaving", async () => {
    const { backend, env, store } = await started();
    await store.run("sign_in");
    backend.emit({ ...signedOut, error: { code: "cancelled" } });
    env.fire();
    expect(env.navigated).toEqual([]);
    expect(store.snapshot()?.status.state).toBe("signed_out");
  });

  it("marks the call in flight, and shows a rejection inline", async () => {
    const { backend, store, seen } = await started();
    backend.reject.openInBrowser = "not supported yet";
    await store.run("open_in_browser");
    expect(seen.some((s) => s.ui.busy === "open_in_browser")).toBe(true);
    expect(store.snapshot()?.ui).toEqual({ error: "not supported yet" });
  });

  it("runs one call at a time", async () => {
    const { backend, store } = await started();
    backend.gates.refreshNow = () => {};
    const first = store.run("refresh");
    await store.run("sign_out");
    backend.release("refreshNow");
    await first;
    expect(backend.calls.filter((c) => c === "signOut")).toEqual([]);
  });

  it("asks for the accounts at start and after a signed_in status, keeping the list on failure", async () => {
    const { backend, store } = await started();
    expect(backend.calls.filter((c) => c === "accounts")).toHaveLength(1);
    expect(store.snapshot()?.accounts).toEqual([]);

    backend.accounts_ = [
      { login: "ada", name: "Ada", active: true },
      { login: "grace", name: "Grace", active: false },
    ];
    backend.emit({ ...signedOut, state: "signed_in", account: { login: "ada", name: "Ada" } });
    await flush();
    expect(backend.calls.filter((c) => c === "accounts")).toHaveLength(2);
    expect(store.snapshot()?.accounts.map((a) => a.login)).toEqual(["ada", "grace"]);

    backend.reject.accounts = "keyring locked";
    backend.emit({ ...signedOut, state: "offline", account: { login: "ada", name: "Ada" } });
    await flush();
    expect(backend.calls.filter((c) => c === "accounts")).toHaveLength(3);
    expect(store.snapshot()?.accounts.map((a) => a.login)).toEqual(["ada", "grace"]);
    expect(store.snapshot()?.ui).toEqual({});

    backend.emit({ ...signedOut, state: "finishing" });
    await flush();
    expect(backend.calls.filter((c) => c === "accounts")).toHaveLength(3);
  });

  it("an older Accounts() answer does not replace a newer one", async () => {
    const { backend, store } = await started();
    backend.gates.accounts = () => {};
    backend.accounts_ = [{ login: "old", name: "", active: true }];
    backend.emit({ ...signedOut, state: "signed_in" }); // held at the gate
    await flush();
    const held = backend.gates.accounts;
    delete backend.gates.accounts;
    backend.accounts_ = [{ login: "new", name: "", active: true }];
    backend.emit({ ...signedOut, state: "refreshing" });
    await flush();
    held();
    await flush();
    expect(store.snapshot()?.accounts.map((a) => a.login)).toEqual(["new"]);
  });

  it("Switch calls SwitchAccount with the login", async () => {
    const { backend, store, seen } = await started({ ...signedOut, state: "signed_in" });
    await store.run("switch_account", "grace");
    expect(backend.switchedTo).toEqual(["grace"]);
    expect(seen.some((s) => s.ui.busy === "switch_account")).toBe(true);
    expect(store.snapshot()?.ui).toEqual({});
    backend.reject.switchAccount = "session: grace is not signed in here";
    await store.run("switch_account", "grace");
    expect(store.snapshot()?.ui.error).toBe("session: grace is not signed in here");
  });

  it("Add another account leaves for AddAccount's URL after a moment", async () => {
    const { backend, env, store } = await started({ ...signedOut, state: "signed_in" });
    await store.run("add_account");
    expect(backend.calls).toContain("addAccount");
    expect(backend.calls).not.toContain("signIn");
    expect(store.snapshot()?.status).toMatchObject({ state: "opening", host: "atomgit.com" });
    expect(env.timers[0].ms).toBe(OpeningDelayMs);
    env.fire();
    expect(env.navigated).toEqual(["https://atomgit.com/logout?next=authorize"]);
  });

  it("stop unsubscribes", async () => {
    const { backend, store } = await started();
    store.stop();
    expect(backend.unsubscribed).toBe(true);
  });
});

// The backend seen from the page: a small interface that the Wails runtime
// implements in the app, and that tests and the dev preview fake.
import type { Marks } from "./timing";
import type { AccountEntry, Info, SignInStart, Status } from "./types";

/** Backend is everything the page may ask of the Go side. */
export interface Backend {
  info(): Promise<Info>;
  status(): Promise<Status>;
  signIn(): Promise<SignInStart>;
  tryDemo(): Promise<SignInStart>;
  openInBrowser(): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(): Promise<void>;
  refreshNow(): Promise<void>;
  /** accounts lists every signed-in account of this app, the active one first. */
  accounts(): Promise<AccountEntry[]>;
  /** switchAccount makes another signed-in account the active one; a "status" event follows. */
  switchAccount(login: string): Promise<void>;
  /** addAccount starts a sign-in as someone else: it ends AtomGit's web session first. */
  addAccount(): Promise<SignInStart>;
  /** shown tells the backend which state the screen now shows; the first screen's call
   * also carries the page's start-up marks (timing.ts), the others {}. */
  shown(state: string, accounts: number, marks: Marks): Promise<void>;
  /** onStatus subscribes to the "status" event and returns the unsubscribe function. */
  onStatus(cb: (s: Status) => void): () => void;
  /** openExternal opens a URL in the system browser (never in this window). */
  openExternal(url: string): void;
}

/** StatusEvent is the name of the event the backend emits on every change. */
export const StatusEvent = "status";

// The globals Wails injects. Declared here, by hand, for the few names we use;
// the generated wailsjs bindings are not used.
interface WailsApp {
  Info(): Promise<Info>;
  Status(): Promise<Status>;
  SignIn(): Promise<SignInStart>;
  TryDemo(): Promise<SignInStart>;
  OpenInBrowser(): Promise<void>;
  CancelSignIn(): Promise<void>;
  SignOut(): Promise<void>;
  RefreshNow(): Promise<void>;
  Accounts(): Promise<AccountEntry[] | null>;
  SwitchAccount(login: string): Promise<void>;
  AddAccount(): Promise<SignInStart>;
  Shown(state: string, accounts: number, marks: Marks): Promise<void>;
}

interface WailsRuntime {
  EventsOn(name: string, cb: (...data: unknown[]) => void): () => void;
  BrowserOpenURL(url: string): void;
}

declare global {
  interface Window {
    go?: { wailsauth?: { Service?: WailsApp } };
    runtime?: WailsRuntime;
  }
}

/** inWails reports whether the page runs inside the Wails window. */
export function inWails(w: Window = window): boolean {
  return w.go !== undefined || w.runtime !== undefined || w.location.protocol === "wails:";
}

/** wailsBackend is the Backend over the injected Wails runtime. It looks the
 * globals up on every call, so it works whenever the runtime finishes loading. */
export function wailsBackend(w: Window = window): Backend {
  const app = (): WailsApp => {
    const a = w.go?.wailsauth?.Service;
    if (!a) throw new Error("backend: Wails bindings are not loaded");
    return a;
  };
  const rt = (): WailsRuntime => {
    if (!w.runtime) throw new Error("backend: Wails runtime is not loaded");
    return w.runtime;
  };
  const call = <T>(f: (a: WailsApp) => Promise<T>): Promise<T> => {
    try {
      return f(app());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return {
    info: () => call((a) => a.Info()),
    status: () => call((a) => a.Status()),
    signIn: () => call((a) => a.SignIn()),
    tryDemo: () => call((a) => a.TryDemo()),
    openInBrowser: () => call((a) => a.OpenInBrowser()),
    cancelSignIn: () => call((a) => a.CancelSignIn()),
    signOut: () => call((a) => a.SignOut()),
    refreshNow: () => call((a) => a.RefreshNow()),
    // Go sends a nil slice as null.
    accounts: () => call((a) => a.Accounts()).then((l) => l ?? []),
    switchAccount: (login) => call((a) => a.SwitchAccount(login)),
    addAccount: () => call((a) => a.AddAccount()),
    shown: (state, accounts, marks) => call((a) => a.Shown(state, accounts, marks)),
    onStatus: (cb) => rt().EventsOn(StatusEvent, (s) => cb(s as Status)),
    openExternal: (url) => rt().BrowserOpenURL(url),
  };
}

/** errorText turns a rejected call's reason (Wails rejects with a string) into text to show. */
export function errorText(reason: unknown): string {
  if (typeof reason === "string") return reason;
  if (reason instanceof Error) return reason.message;
  if (reason && typeof reason === "object" && "message" in reason) return String(reason.message);
  return String(reason);
}

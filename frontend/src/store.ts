// Store is the page's one subscriber to the backend: it holds the latest
// Status and Info, runs the user's actions, and tells the renderer to redraw.
// It holds no token logic and no refresh timers: all of that is the backend's.
import { errorText, type Backend } from "./backend";
import type { Boot } from "./boot";
import type { ActionId, Ui } from "./view";
import type { AccountEntry, Info, SignInStart, State, Status } from "./types";

/** OpeningDelayMs is how long "Opening <host>…" shows before the window leaves for the host. */
export const OpeningDelayMs = 400;

/** accountStates are the states after which the account list may have changed. */
const accountStates: ReadonlySet<State> = new Set(["signed_in", "offline", "refreshing", "reauth"]);

/** Env is what the store needs from the page, so tests can fake it. */
export interface Env {
  navigate(url: string): void;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Snapshot is everything the renderer needs. */
export interface Snapshot {
  info: Info;
  status: Status;
  ui: Ui;
  /** accounts is the last list Accounts() gave, the active one first; [] until one arrives. */
  accounts: AccountEntry[];
}

/** Store keeps the page's view of the backend. Not safe for use before start() resolves. */
export class Store {
  private info: Info | undefined;
  private status: Status | undefined;
  private ui: Ui = {};
  private events = 0; // counts "status" events, to drop a Status() answer that an event overtook
  private unsubscribe: (() => void) | undefined;
  private leaving: { start: SignInStart; timer: unknown } | undefined;
  private attempt = 0; // bumped by cancel, so a sign-in answer that comes back later does not leave
  private accounts: AccountEntry[] = [];
  private accountsAsked = 0; // numbers Accounts() calls, so an older answer never replaces a newer one
  private accountsShown = 0;

  constructor(
    private readonly backend: Backend,
    private readonly env: Env,
    private readonly onChange: (s: Snapshot) => void,
  ) {}

  /** start subscribes to "status", then asks for Info and Status once, and renders. With
   * the page's inlined data (boot), it renders that at once, before any call, asks for no
   * Info, and asks for the Status only to catch a change made since the page was served. */
  async start(boot?: Boot): Promise<void> {
    this.unsubscribe = this.backend.onStatus((s) => {
      this.events++;
      this.setStatus(s);
    });
    const seen = this.events;
    if (boot) {
      this.info = boot.info;
      this.status = boot.status;
      this.emit();
    }
    const both = Promise.all([boot?.info ?? this.backend.info(), this.backend.status()]);
    this.fetchAccounts();
    const [info, status] = await both;
    this.info = info;
    // An event that arrived while Status() was in flight is at least as new.
    if (this.events === seen || !this.status) this.status = status;
    this.emit();
  }

  /** stop unsubscribes from the backend. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.abortLeaving();
  }

  /** snapshot returns what to render, or undefined before start() has finished. */
  snapshot(): Snapshot | undefined {
    if (!this.info || !this.status) return undefined;
    const status: Status = this.leaving
      ? { ...this.status, state: "opening", host: this.leaving.start.host }
      : this.status;
    return { info: this.info, status, ui: { ...this.ui }, accounts: this.accounts };
  }

  /** run performs a user action; at most one runs at a time. A rejection is shown inline. */
  async run(id: ActionId, login?: string): Promise<void> {
    if (this.ui.busy) return;
    this.ui = { busy: id };
    this.emit();
    try {
      switch (id) {
        case "sign_in":
        case "retry":
        case "try_demo":
        case "add_account": {
          const n = this.attempt;
          const start = await (id === "try_demo"
            ? this.backend.tryDemo()
            : id === "add_account"
              ? this.backend.addAccount()
              : this.backend.signIn());
          if (n === this.attempt) this.leave(start);
          break;
        }
        case "open_in_browser":
          await this.backend.openInBrowser();
          break;
        case "cancel":
          await this.cancel();
          break;
        case "sign_out":
          await this.backend.signOut();
          break;
        case "refresh":
          await this.backend.refreshNow();
          break;
        case "switch_account":
          if (!login) throw new Error("switch_account needs a login");
          await this.backend.switchAccount(login);
          break;
      }
      this.ui = {};
    } catch (e) {
      this.ui = { error: errorText(e) };
    }
    this.emit();
  }

  /** escape handles the Esc key: it cancels a sign-in that is opening or waiting. */
  escape(): void {
    const state = this.snapshot()?.status.state;
    if (state !== "opening" && state !== "waiting") return;
    if (!this.ui.busy) {
      void this.run("cancel");
      return;
    }
    // A sign-in call is still in flight: cancel it without waiting for it.
    if (this.ui.busy !== "cancel") {
      this.cancel().catch((e) => {
        this.ui = { ...this.ui, error: errorText(e) };
        this.emit();
      });
      this.emit();
    }
  }

  private async cancel(): Promise<void> {
    this.attempt++;
    this.abortLeaving();
    await this.backend.cancelSignIn();
  }

  // leave shows "Opening <host>…" for a moment, then sends the window to the host.
  private leave(start: SignInStart): void {
    this.abortLeaving();
    const timer = this.env.setTimeout(() => {
      this.leaving = undefined;
      this.env.navigate(start.url);
    }, OpeningDelayMs);
    this.leaving = { start, timer };
  }

  private abortLeaving(): void {
    if (!this.leaving) return;
    this.env.clearTimeout(this.leaving.timer);
    this.leaving = undefined;
  }

  // fetchAccounts asks for the account list; a failure keeps the last list, quietly.
  private fetchAccounts(): void {
    const n = ++this.accountsAsked;
    let answer: Promise<AccountEntry[]>;
    try {
      answer = this.backend.accounts();
    } catch {
      return;
    }
    answer.then(
      (list) => {
        if (n < this.accountsShown) return;
        this.accountsShown = n;
        this.accounts = Array.isArray(list) ? list : [];
        this.emit();
      },
      () => {},
    );
  }

  private setStatus(s: Status): void {
    const prev = this.status?.state;
    this.status = s;
    if (accountStates.has(s.state)) this.fetchAccounts();
    // The attempt ended (cancelled, failed, or finished elsewhere): stay here.
    if (this.leaving && s.state !== "opening" && s.state !== "waiting") this.abortLeaving();
    // A message about the last call belongs to the screen it was made on.
    if (prev !== s.state && !this.ui.busy) this.ui = {};
    this.emit();
  }

  private emit(): void {
    const snap = this.snapshot();
    if (snap) this.onChange(snap);
  }
}

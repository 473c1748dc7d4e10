// main wires the page: it picks the backend, starts the store, and renders
// each ViewModel into the DOM. Everything it shows comes from view.ts.
import "./style.css";
import { errorText, inWails, wailsBackend, type Backend } from "./backend";
import { readBoot } from "./boot";
import { fakeBackend } from "./fake"; // the dev preview's only (pickBackend)
import type { BrandColors } from "./brand";
import { Store, type Snapshot } from "./store";
import { mark, takeMarks } from "./timing";
import { view, type AccountView, type Action, type ActionId, type Part, type ViewModel } from "./view";

mark("script");
// Before anything is laid out: style.css names a cheaper font family for WebKitGTK.
if (/\bLinux\b/.test(navigator.userAgent) && !/\bAndroid\b/.test(navigator.userAgent)) {
  document.documentElement.classList.add("webkitgtk");
}

const root = document.getElementById("app") as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.append(...children);
  return e;
}

// The card's regions are created once; each is redrawn only when its part
// of the ViewModel changed, so focus, the avatar image and the live region
// stay put while the screen is redrawn.
const regions = {
  brand: el("header", "brand"),
  tagline: el("p", "tagline"),
  account: el("div", "account"),
  headline: el("p", "headline"),
  steps: el("ol", "steps"),
  lines: el("div", "lines"),
  banner: el("div", "banner"),
  settings: el("section", "settings"),
  actions: el("div", "actions"),
  others: el("section", "others"),
  links: el("div", "links"),
  error: el("p", "inline-error"),
  hint: el("p", "hint"),
  footer: el("footer", "footer"),
};
regions.headline.id = "status";
regions.headline.setAttribute("aria-live", "polite");
regions.error.setAttribute("role", "alert");

function patch<T>(node: HTMLElement, model: T | undefined, build: (m: T) => (Node | string)[]): void {
  const key = model === undefined ? "" : JSON.stringify(model);
  if (node.dataset.key === key) return;
  node.dataset.key = key;
  const empty = model === undefined || (Array.isArray(model) && model.length === 0);
  node.replaceChildren(...(empty ? [] : build(model as T)));
  node.hidden = empty;
}

let backend: Backend;
let store: Store | undefined;
// backendReady resolves once the backend is picked; the first screen may be drawn before.
let backendReady: Promise<Backend>;

function openExternal(url: string): void {
  try {
    backend.openExternal(url);
  } catch (e) {
    console.warn(errorText(e));
  }
}

function copy(text: string, node: HTMLElement, done: string): void {
  const flash = () => {
    node.dataset.copied = done;
    setTimeout(() => delete node.dataset.copied, 1200);
  };
  // Select it too, so the text can be copied by hand where the clipboard API is refused.
  getSelection()?.selectAllChildren(node);
  const fallback = () => {
    if (document.execCommand("copy")) flash();
  };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(flash, fallback);
  else fallback();
}

function parts(ps: Part[], vm: ViewModel): Node[] {
  return ps.map((p) => {
    switch (p.kind) {
      case "em":
        return el("strong", "", p.text);
      case "link": {
        const a = el("a", "", p.text);
        a.href = p.text;
        a.addEventListener("click", (e) => {
          e.preventDefault();
          openExternal(p.text);
        });
        return a;
      }
      case "code": {
        const c = el("code", "copyable", p.text);
        c.tabIndex = 0;
        c.title = vm.copyLabel;
        // A button to assistive technology, named for what it copies (its text, as shown).
        c.setAttribute("role", "button");
        c.setAttribute("aria-label", `${vm.copyLabel} ${p.text}`);
        c.addEventListener("click", () => copy(p.text, c, vm.copiedLabel));
        c.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            copy(p.text, c, vm.copiedLabel);
          }
        });
        return c;
      }
      default:
        return document.createTextNode(p.text);
    }
  });
}

// actionKey names a button for focus(): its action, and for Switch the account too.
function actionKey(id: string, login?: string): string {
  return login ? `${id}:${login}` : id;
}

function button(a: Action, cls: string): HTMLButtonElement {
  const b = el("button", cls, a.label);
  b.type = "button";
  b.dataset.action = a.id;
  b.dataset.focusKey = actionKey(a.id, a.login);
  if (a.login) b.dataset.login = a.login;
  if (a.ariaLabel) b.setAttribute("aria-label", a.ariaLabel);
  b.disabled = !!a.disabled;
  if (a.autofocus) b.dataset.autofocus = "";
  b.addEventListener("click", () => {
    // Copying the settings is the page's own: no call to the backend.
    if (a.id === "copy_settings" && shown?.settings) copy(shown.settings.copyText, b, shown.copiedLabel);
    else void store?.run(a.id, a.login);
  });
  return b;
}

// Pictures from AtomGit load after the first paint: WebKit holds a page's first paint
// until it looks non-empty or has loaded, and a small card looks empty to it, so an
// avatar still on its way over the network would hold the first screen back.
let painted = false;
const pending: (() => void)[] = [];
function afterFirstPaint(f: () => void): void {
  if (painted) f();
  else pending.push(f);
}
function firstPaintDone(): void {
  painted = true;
  for (const f of pending.splice(0)) f();
}

// avatar is the picture, or the initials when there is none or it fails to load; the
// picture comes after the first paint. The initials are for the eye only (the name is
// beside them), and leave once the picture has loaded: no text hides behind it.
function avatar(a: AccountView, size: number, cls = "avatar"): HTMLElement {
  const letters = el("span", "", a.initials);
  letters.setAttribute("aria-hidden", "true");
  const box = el("div", cls, letters);
  box.setAttribute("aria-hidden", a.avatarUrl ? "false" : "true");
  if (a.avatarUrl) {
    const img = el("img");
    img.alt = a.name;
    img.width = img.height = size;
    img.referrerPolicy = "no-referrer";
    img.addEventListener("load", () => (letters.hidden = true));
    img.addEventListener("error", () => img.remove());
    const src = a.avatarUrl;
    afterFirstPaint(() => {
      img.src = src;
      box.append(img);
    });
  }
  return box;
}

// logo is the configured image, or the built-in logo (drawn in CSS) when there is none or
// it fails to load.
function logo(url: string | undefined): HTMLElement {
  const builtIn = () => el("span", "logo");
  if (!url) return builtIn();
  const img = el("img", "logo image");
  img.alt = ""; // the name beside it says whose it is
  img.height = 28;
  img.addEventListener("error", () => img.replaceWith(builtIn()));
  img.src = url;
  return img;
}

// brand sets the configured accent's custom properties on the page (style.css falls back
// to the built-in colours without them).
let brandKey: string | undefined;
function brand(colors: BrandColors | undefined): void {
  const key = JSON.stringify(colors ?? {});
  if (key === brandKey) return;
  brandKey = key;
  const style = document.documentElement.style;
  for (const name of Array.from(style)) if (name.startsWith("--brand-")) style.removeProperty(name);
  for (const [name, value] of Object.entries(colors ?? {})) style.setProperty(name, value);
}

let shownState: string | undefined;
let shown: ViewModel | undefined; // the screen rendered last
let lastAction: string | undefined; // actionKey of the last focused button
let tick: ReturnType<typeof setTimeout> | undefined;
let reported: string | undefined;

function render(vm: ViewModel): void {
  shown = vm;
  document.title = vm.title;
  document.documentElement.lang = vm.locale === "zh" ? "zh-CN" : "en";
  root.dataset.state = vm.state;
  root.removeAttribute("aria-busy");

  brand(vm.brandColors);
  patch(regions.brand, { name: vm.appName, badge: vm.badge, logo: vm.logoUrl }, (m) => [
    logo(m.logo),
    el("h1", "", m.name),
    ...(m.badge ? [el("span", "badge", m.badge)] : []),
  ]);
  patch(regions.tagline, vm.tagline, (t) => [t]);
  patch(regions.account, vm.account, (a) => {
    let login: HTMLElement = el("span", "login", "@" + a.login);
    if (a.htmlUrl) {
      const link = el("a", "login", "@" + a.login);
      link.href = a.htmlUrl;
      link.addEventListener("click", (e) => {
        e.preventDefault();
        openExternal(a.htmlUrl!);
      });
      login = link;
    }
    return [avatar(a, 56), el("div", "who", el("div", "name", a.name), login)];
  });
  patch(regions.headline, { p: vm.headline, s: vm.spinner, t: vm.headlineTone }, (m) => [
    ...(m.s ? [el("span", "spinner")] : []),
    el("span", "", ...parts(m.p, vm)),
  ]);
  regions.headline.classList.toggle("quiet", vm.headlineTone === "quiet");
  regions.headline.classList.toggle("visually-hidden", vm.headlineTone === "hidden");
  patch(regions.lines, vm.lines, (ls) =>
    ls.map((l) => el("p", `line ${l.tone ?? ""}`, ...parts(l.parts, vm))),
  );
  patch(regions.steps, vm.steps, (ss) => ss.map((s) => el("li", "", ...parts(s, vm))));
  patch(regions.banner, vm.banner, (b) => {
    regions.banner.className = `banner ${b.tone}`;
    return [
      el(
        "p",
        "",
        ...(b.lead ? [el("strong", "lead", b.lead)] : []),
        b.text,
      ),
      ...(b.detail ? [el("p", "detail", b.detail)] : []),
    ];
  });
  patch(regions.settings, vm.settings, (p) => {
    const items = p.rows.map((r) =>
      el(
        "li",
        r.fault ? "fault" : "",
        el("strong", "key", r.key),
        " ",
        ...(r.value !== undefined ? parts([{ text: r.value, kind: "code" }], vm) : [el("span", "note", r.note ?? "")]),
        el("span", "from", r.from),
      ),
    );
    regions.settings.setAttribute("aria-labelledby", "settings-title");
    return [...titledList("settings-title", p.title, items), el("p", "file", ...parts(p.file, vm))];
  });
  patch(regions.actions, vm.actions, (as) =>
    as.map((a) => button(a, a.primary ? "btn primary" : "btn")),
  );
  patch(regions.others, vm.others, (o) =>
    titledList(
      "others-title",
      o.title,
      o.accounts.map((a) => {
        // The name beside it says who it is: the small picture needs no text of its own.
        const pic = avatar({ ...a, name: "" }, 32, "avatar small");
        pic.setAttribute("aria-hidden", "true");
        return el(
          "li",
          "other",
          pic,
          el("div", "who", el("div", "name", a.name), el("span", "login", "@" + a.login)),
          button(a.action, "btn small"),
        );
      }),
    ),
  );
  patch(regions.error, vm.error, (e) => [e]);
  patch(regions.links, vm.links, (ls) => ls.map((a) => button(a, "link")));
  patch(regions.hint, vm.hint, (h) => [h]);
  patch(regions.footer, vm.footer, (f) => [f]);

  focus(vm);
  schedule(vm);
}

// titledList is a heading (id) and the list it names, for screen readers too.
function titledList(id: string, title: string, items: HTMLLIElement[]): HTMLElement[] {
  const h = el("h2", "", title);
  h.id = id;
  const list = el("ul", "", ...items);
  list.setAttribute("aria-labelledby", id);
  return [h, list];
}

// focus puts the keyboard on the screen's main button when the screen
// changes, and back on the last used button after a call finishes.
function focus(vm: ViewModel): void {
  const active = document.activeElement;
  const changed = vm.state !== shownState;
  shownState = vm.state;
  if (!changed && active && active !== document.body && root.contains(active)) return;
  const pick =
    (!changed && lastAction && root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(lastAction)}"]:not(:disabled)`)) ||
    root.querySelector<HTMLElement>("[data-autofocus]:not(:disabled)");
  if (pick) pick.focus();
}

function schedule(vm: ViewModel): void {
  if (tick !== undefined) clearTimeout(tick);
  tick = vm.tickMs === null ? undefined : setTimeout(redraw, vm.tickMs);
}

function draw(snap: Snapshot): void {
  mark("status");
  const vm = view(snap.status, snap.info, new Date(), snap.ui, snap.accounts);
  render(vm);
  mark("render");
  if (reported === undefined) {
    // The first screen's layout, done now rather than in the first frame (it would be
    // anyway), so that the start-up breakdown shows its cost.
    void root.offsetHeight;
    mark("layout");
  }
  // Tell the backend what the person now sees (start-up timing, end-to-end tests).
  // Two animation frames: the first runs before this render is painted, the second after.
  // A refresh (refreshed_at), another active account or another list of accounts changes
  // the screen without changing the state: each counts as a new screen too.
  const who = snap.accounts.map((a) => (a.active ? "*" : "") + a.login).join(",");
  const key = `${vm.state}|${snap.status?.refreshed_at ?? ""}|${snap.status?.account?.login ?? ""}|${who}`;
  if (key !== reported) {
    reported = key;
    const state = vm.state;
    requestAnimationFrame(() => {
      mark("frame");
      requestAnimationFrame(() => {
        mark("paint");
        firstPaintDone();
        const marks = takeMarks();
        backendReady
          .then((b) => b.shown(state, snap.accounts.length, marks))
          .catch((e) => console.warn(errorText(e)));
      });
    });
  }
}

function redraw(): void {
  const snap = store?.snapshot();
  if (snap) draw(snap);
}

// Wails injects its runtime before this module runs; wait a moment in case it is late.
async function pickBackend(): Promise<Backend> {
  if (inWails()) {
    for (let i = 0; i < 200 && !(window.go?.wailsauth?.Service && window.runtime); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return wailsBackend();
  }
  // The dev preview (npm run dev) draws every screen with a fake backend. The build leaves
  // it out (import.meta.env.DEV is false there and the bundler drops fake.ts): a smaller
  // script for the window to parse and keep (docs/benchmarks.md).
  if (import.meta.env.DEV) return fakeBackend(new URLSearchParams(location.search));
  throw new Error("This page runs inside the AtomGit Login window.");
}

async function main(): Promise<void> {
  root.append(...Object.values(regions));
  for (const r of Object.values(regions)) r.hidden = true;
  root.addEventListener("focusin", (e) => {
    const d = (e.target as HTMLElement).dataset;
    const id = d?.action as ActionId | undefined;
    if (id) lastAction = actionKey(id, d.login);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") store?.escape();
  });
  // The Go side inlines the first screen's data into the page: draw it now, before the
  // backend is even picked, so that the first paint shows the right screen.
  backendReady = pickBackend();
  const boot = readBoot(document);
  if (boot) draw({ info: boot.info, status: boot.status, ui: {}, accounts: [] });
  backend = await backendReady;
  const s = new Store(
    backend,
    {
      navigate: (url) => window.location.assign(url),
      setTimeout: (f, ms) => setTimeout(f, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    draw,
  );
  store = s;
  window.addEventListener("pagehide", () => s.stop());
  await s.start(boot);
}

main().catch((e) => {
  root.removeAttribute("aria-busy");
  regions.headline.hidden = false;
  regions.headline.textContent = errorText(e);
  console.error(e);
});


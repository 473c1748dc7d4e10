// The page's backend in the accessibility check's build (vite build --mode a11y, which
// scripts/build test makes into a window of its own, build/bin/a11y/): the real backend,
// whose shown() also runs axe-core on each screen just shown, then reports what it found
// through Shown as the state "a11y <state> <accounts> <json>" (the state and number of
// accounts the screen was shown with), which the app logs and the e2e tests read
// (e2e/a11y_test.go). vite.config.ts puts this module in place of src/backend.ts in that
// build only: the shipped page has no axe (the e2e tests check the shipped window).
import axe from "axe-core";
import { wailsBackend as realBackend, type Backend } from "../src/backend";
import { Prefix, report, tags } from "./report";

export * from "../src/backend";

/** wailsBackend is src/backend.ts's, whose shown() also checks the screen. */
export function wailsBackend(w: Window = window): Backend {
  const b = realBackend(w);
  let checks = Promise.resolve(); // axe runs one check at a time
  const check = async (state: string, accounts: number) => {
    const shows = () => w.document.getElementById("app")?.dataset.state;
    const before = shows();
    let line: string;
    try {
      const r = await axe.run(w.document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      line = report(state, before === state && shows() === state, r);
    } catch (e) {
      line = JSON.stringify({ state, error: String(e) });
    }
    await b.shown(`${Prefix} ${state} ${accounts} ${line}`, 0, {});
  };
  return {
    ...b,
    shown: (state, accounts, marks) => {
      const done = b.shown(state, accounts, marks);
      checks = checks.then(() => check(state, accounts)).catch(() => {});
      return done;
    },
  };
}

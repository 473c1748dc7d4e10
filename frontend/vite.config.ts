import type { Alias, Plugin } from "vite";
import { defineConfig } from "vitest/config";

// inlinePage puts the built script and stylesheet into index.html: the stylesheet as a
// <style> in the head, the script as a classic <script> at the end of the body. The page
// then asks for nothing before its first paint, and its script builds the first screen
// while the document is parsed (as a bare page's inline script does), instead of as a
// deferred module after it: WebKit holds the first paint of a page it finds nearly empty
// until the document has loaded (docs/benchmarks.md).
function inlinePage(): Plugin {
  return {
    name: "inline-page",
    apply: "build",
    enforce: "post",
    generateBundle(_, bundle) {
      const page = bundle["index.html"];
      if (!page || page.type !== "asset") return;
      let html = String(page.source);
      // A classic script cannot hold ES-module syntax: one chunk, with no dynamic import.
      // It is not strict by itself, as the module was: "use strict" keeps it so.
      const chunks = Object.values(bundle).filter((o) => o.type === "chunk");
      if (chunks.length !== 1) throw new Error(`inline-page: ${chunks.length} chunks, want 1 (no dynamic import())`);
      for (const [name, out] of Object.entries(bundle)) {
        if (out.type === "chunk" && out.isEntry) {
          const tag = new RegExp(`<script type="module" crossorigin src="\\./${name}"></script>\\s*`);
          if (!tag.test(html)) throw new Error(`inline-page: no script tag for ${name}`);
          const code = out.code.replace(/<\/script/gi, "<\\/script");
          html = html.replace(tag, "").replace("</body>", () => `<script>(() => {"use strict";${code}\n})();</script>\n  </body>`);
          delete bundle[name];
        } else if (out.type === "asset" && name.endsWith(".css")) {
          const tag = `<link rel="stylesheet" crossorigin href="./${name}">`;
          if (!html.includes(tag)) throw new Error(`inline-page: no link tag for ${name}`);
          html = html.replace(tag, () => `<style>${String(out.source).replace(/<\/style/gi, "<\\/style")}</style>`);
          delete bundle[name];
        }
      }
      page.source = html;
    },
  };
}

// a11yBuild is the accessibility check's page (vite build --mode a11y): a11y/backend.ts
// in place of src/backend.ts, which runs axe-core on every screen shown and reports back
// through the app's log. scripts/build test builds it into its own folder and window;
// the shipped page (any other mode) never has it.
const a11yBuild: Alias[] = [
  { find: /^\.\/backend$/, replacement: decodeURI(new URL("./a11y/backend.ts", import.meta.url).pathname) },
];

// The window loads dist/ from go:embed. dist/.keep.html (the placeholder that keeps
// go:embed working before the first build) is re-created on every build from
// public/.keep.html.
export default defineConfig(({ mode }) => ({
  base: "./",
  plugins: [inlinePage()],
  resolve: { alias: mode === "a11y" ? a11yBuild : [] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: false,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "a11y/**/*.test.ts"],
  },
}));

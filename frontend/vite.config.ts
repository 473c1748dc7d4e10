import { defineConfig } from "vitest/config";

// The window loads dist/ from go:embed, so asset paths are relative.
// dist/.keep.html (the placeholder that keeps go:embed working before the
// first build) is re-created on every build from public/.keep.html.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});

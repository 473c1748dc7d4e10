//go:build linux

package desktop

import "path/filepath"

// WebKitEnv is what the window sets in WebKitGTK's environment on this machine, as
// KEY=VALUE, before the window starts (each left alone when the environment already names
// it, so a person or a test can choose otherwise). The bench starts its comparison window
// with the same.
func WebKitEnv() []string {
	nodes, _ := filepath.Glob("/dev/dri/renderD*")
	return webkitEnvFor(len(nodes) > 0)
}

// webkitEnvFor is WebKitEnv on a machine with or without a GPU render node.
func webkitEnvFor(gpu bool) []string {
	if gpu {
		return nil // WebKit's defaults
	}
	// Without a GPU render node, WebKit's GPU paths run on Mesa's software OpenGL
	// (llvmpipe). Skia's CPU renderer draws the page instead of compiling shaders with LLVM
	// at every start (0.4–1.8 s of CPU for this page under Xvfb), and without accelerated
	// compositing the web process hands its pixels to GTK instead of compositing them in
	// software OpenGL on a thread of its own: the window's first paint came 20–60 ms sooner
	// and its web process used ~45 MB less (docs/benchmarks.md).
	return []string{"WEBKIT_SKIA_ENABLE_CPU_RENDERING=1", "WEBKIT_DISABLE_COMPOSITING_MODE=1"}
}

//go:build linux && desktop

package desktop

import (
	"os"
	"path/filepath"
)

// webkitEnv makes WebKitGTK's process-wide choices before the window starts, through the
// environment its web processes inherit.
func webkitEnv() {
	nodes, _ := filepath.Glob("/dev/dri/renderD*")
	chooseWebKitEnv(len(nodes) > 0)
}

// chooseWebKitEnv sets WebKitGTK's environment for a machine with or without a GPU render
// node. Each variable is left alone when the environment already names it, so a person or
// a test can choose otherwise.
func chooseWebKitEnv(gpu bool) {
	if !gpu {
		// Without a GPU render node, WebKit's GPU paths run on Mesa's software OpenGL
		// (llvmpipe). Skia's CPU renderer draws the page instead of compiling shaders with
		// LLVM at every start (0.4–1.8 s of CPU for this page under Xvfb), and without
		// accelerated compositing the web process hands its pixels to GTK instead of
		// compositing them in software OpenGL on a thread of its own: the window's first
		// paint came 20–60 ms sooner and its web process used ~45 MB less
		// (docs/benchmarks.md). Where a GPU exists, WebKit keeps its defaults.
		setDefault("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1")
		setDefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
	}
}

// setDefault sets key to value unless the environment already has it.
func setDefault(key, value string) {
	if _, ok := os.LookupEnv(key); !ok {
		os.Setenv(key, value)
	}
}

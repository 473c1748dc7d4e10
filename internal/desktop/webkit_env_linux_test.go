//go:build linux

package desktop

import (
	"slices"
	"testing"
)

func TestWebKitEnvWithoutGPU(t *testing.T) {
	got := webkitEnvFor(false)
	for _, want := range []string{"WEBKIT_SKIA_ENABLE_CPU_RENDERING=1", "WEBKIT_DISABLE_COMPOSITING_MODE=1"} {
		if !slices.Contains(got, want) {
			t.Errorf("without a GPU: %q, want %s among them", got, want)
		}
	}
}

func TestWebKitEnvWithGPU(t *testing.T) {
	if got := webkitEnvFor(true); len(got) != 0 {
		t.Errorf("with a GPU: %q, want WebKit's defaults (nothing set)", got)
	}
}

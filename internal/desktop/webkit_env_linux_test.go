//go:build linux && desktop

package desktop

import (
	"os"
	"testing"
)

var webkitVars = []string{"WEBKIT_SKIA_ENABLE_CPU_RENDERING", "WEBKIT_DISABLE_COMPOSITING_MODE"}

// unset clears key for the test and restores it after.
func unset(t *testing.T, key string) {
	t.Setenv(key, "") // restores the old value at the end
	os.Unsetenv(key)
}

func TestWebKitEnvWithoutGPU(t *testing.T) {
	for _, k := range webkitVars {
		unset(t, k)
	}
	chooseWebKitEnv(false)
	for _, k := range webkitVars {
		if got := os.Getenv(k); got != "1" {
			t.Errorf("%s = %q without a GPU, want 1", k, got)
		}
	}
}

func TestWebKitEnvWithGPU(t *testing.T) {
	for _, k := range webkitVars {
		unset(t, k)
	}
	chooseWebKitEnv(true)
	for _, k := range webkitVars {
		if v, ok := os.LookupEnv(k); ok {
			t.Errorf("%s = %q with a GPU, want WebKit's default (unset)", k, v)
		}
	}
}

func TestWebKitEnvKeepsWhatIsSet(t *testing.T) {
	for _, k := range webkitVars {
		t.Setenv(k, "0")
	}
	chooseWebKitEnv(false)
	for _, k := range webkitVars {
		if got := os.Getenv(k); got != "0" {
			t.Errorf("%s = %q, want the environment's own 0 kept", k, got)
		}
	}
}

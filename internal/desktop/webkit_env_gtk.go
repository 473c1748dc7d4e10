//go:build linux && desktop

package desktop

import (
	"os"
	"strings"
)

// webkitEnv makes WebKitGTK's process-wide choices (WebKitEnv) through the environment its
// web processes inherit.
func webkitEnv() { setDefaults(WebKitEnv()) }

// setDefaults sets each KEY=VALUE of env unless the environment already has KEY.
func setDefaults(env []string) {
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if _, ok := os.LookupEnv(k); !ok {
			os.Setenv(k, v)
		}
	}
}

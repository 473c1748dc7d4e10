//go:build !desktop

package desktop

import (
	"context"
	"errors"
)

// Linked reports whether this build links WebKit and can open the window itself.
const Linked = false

// Run fails: this build has no window.
func Run(context.Context, Options) error {
	return errors.New("desktop: this build has no window (build with the desktop tag)")
}

// CheckDisplay has nothing to check: this build opens no display (Run says so).
func CheckDisplay(string) error { return nil }

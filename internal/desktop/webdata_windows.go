package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// webData is the folder where WebView2 keeps the window's cookies, storage and caches
// (its user data folder), and the marker that asks for it to be emptied.
//
// Wails v2 does not expose WebView2's profile, so a sign-out cannot clear it while the
// window is open (ICoreWebView2Profile2.ClearBrowsingDataAll is out of reach). It marks
// the folder instead, and the next window deletes it before WebView2 opens it.
type webData struct{ Dir string }

// marker is the file whose presence asks for Dir to be emptied.
func (d webData) marker() string { return d.Dir + ".clear" }

// markForClearing asks the next start to delete the folder.
func (d webData) markForClearing() error {
	if err := os.MkdirAll(filepath.Dir(d.Dir), 0o700); err != nil {
		return fmt.Errorf("desktop: mark the web data for clearing: %w", err)
	}
	if err := os.WriteFile(d.marker(), nil, 0o600); err != nil {
		return fmt.Errorf("desktop: mark the web data for clearing: %w", err)
	}
	return nil
}

// clearIfMarked deletes the folder if a sign-out asked for it, then the marker. Called
// before WebView2 opens the folder: no file in it is in use then.
func (d webData) clearIfMarked() error {
	if _, err := os.Stat(d.marker()); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.RemoveAll(d.Dir); err != nil {
		return fmt.Errorf("desktop: clear the web data: %w", err)
	}
	if err := os.Remove(d.marker()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("desktop: clear the web data: %w", err)
	}
	return nil
}

//go:build desktop

package desktop

import (
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/options/windows"
)

// appWebData is the window's WebView2 user data folder, in the user's local (not
// roaming) AppData; ok is false without one, and WebView2 then keeps Wails' default.
func appWebData() (d webData, ok bool) {
	dir, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(dir) {
		return webData{}, false
	}
	return webData{Dir: filepath.Join(dir, "atomgit-login", "WebView2")}, true
}

// windowsOptions puts WebView2's data in the app's own folder, first deleting it if the
// last sign-out asked for that, and passes the resume from sleep (WM_POWERBROADCAST's
// PBT_APMRESUMEAUTOMATIC, which Wails' window procedure turns into OnResume) to o.OnWake.
func windowsOptions(o Options) *windows.Options {
	opts := &windows.Options{OnResume: o.OnWake}
	d, ok := appWebData()
	if !ok {
		return opts
	}
	if err := d.clearIfMarked(); err != nil {
		slog.Warn("the last sign-out's web session could not be deleted", "err", err)
	}
	opts.WebviewUserDataPath = d.Dir
	ownsWebData.Store(true)
	return opts
}

// ownsWebData is set once Run has put WebView2's data in appWebData's folder: only then is
// that folder the window's. Another Wails app that hosts the sign-in (HostWindow) keeps
// WebView2's data where it chooses, which is not this package's to delete.
var ownsWebData atomic.Bool

// clearBrowsingData asks the next window to start without cookies, storage or caches:
// Wails v2 gives no way to clear WebView2's while it runs. In another app's window it does
// nothing (ownsWebData). Until this window closes,
// AtomGit's own web session in it stays signed in (README, docs/install-windows-macos.md).
func clearBrowsingData() {
	d, ok := appWebData()
	if !ok || !ownsWebData.Load() {
		return
	}
	if err := d.markForClearing(); err != nil {
		slog.Warn("the web session will outlive the sign-out", "err", err)
	}
}

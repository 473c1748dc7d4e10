//go:build desktop && !windows

package desktop

import "github.com/wailsapp/wails/v2/pkg/options/windows"

// windowsOptions is nil: this window is not Windows'.
func windowsOptions(Options) *windows.Options { return nil }

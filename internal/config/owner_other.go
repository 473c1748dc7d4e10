//go:build !unix && !windows

package config

import "os"

// checkOwner accepts every file where there are no owners to check (js, wasip1, plan9).
func checkOwner(*os.File) error { return nil }

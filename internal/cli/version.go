package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// wailsModule is the module whose version the window is built with.
const wailsModule = "github.com/wailsapp/wails/v2"

// Build describes the binary: scripts/build sets Version, Commit and Wails with -ldflags
// -X (the commands build does not link Wails, so its build information cannot name it).
type Build struct {
	Version string // scripts/version's, e.g. 1.2.0+git3.0123456789ab
	Commit  string // the full commit hash
	Go      string // the Go toolchain, e.g. go1.26.8
	Wails   string // the Wails module's version, e.g. v2.15.0
}

// complete fills b's empty fields from the binary's build information, when Go recorded
// it (a go build inside the git checkout records the commit; a build that links Wails
// records its module), and says "unknown" for what is still missing.
func (b Build) complete(info *debug.BuildInfo, ok bool) Build {
	if ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && b.Commit == "" {
				b.Commit = s.Value
			}
		}
		for _, m := range info.Deps {
			if m.Path == wailsModule && b.Wails == "" {
				b.Wails = m.Version
				if m.Replace != nil {
					b.Wails = m.Replace.Version
				}
			}
		}
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
	}
	if b.Go == "" {
		b.Go = runtime.Version()
	}
	for _, f := range []*string{&b.Version, &b.Commit, &b.Wails} {
		if *f == "" {
			*f = "unknown"
		}
	}
	return b
}

// String is the version command's output: the version, then one "name: value" line each.
func (b Build) String() string {
	return fmt.Sprintf("atomgit-login %s\ncommit: %s\ngo: %s\nwails: %s\n", b.Version, b.Commit, b.Go, b.Wails)
}

// versionOptions are `version`'s (and the program's --version): it has no flags of its
// own.
type versionOptions struct{}

func (*versionOptions) flags(*flag.FlagSet, lang) {}

// run prints the version, the commit, and the Go and Wails versions.
func (*versionOptions) run(_ context.Context, c call) error {
	info, ok := debug.ReadBuildInfo()
	_, err := fmt.Fprint(c.d.Stdout, c.d.Build.complete(info, ok))
	return err
}

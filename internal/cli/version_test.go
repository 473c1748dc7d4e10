package cli

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"testing"
)

// runPlain runs the program with no home folder and no keyring: the version and
// completion commands need neither.
func runPlain(t *testing.T, b Build, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	nothing := func(string) string { return "" }
	code = Main(args, Deps{Stdout: &out, Stderr: &errb, Getenv: nothing, Build: b})
	return code, out.String(), errb.String()
}

func TestVersionPrintsWhatTheBuildSet(t *testing.T) {
	b := Build{Version: "1.2.0+git3.0123456789ab", Commit: "abc1234def", Wails: "v2.15.0"}
	want := "atomgit-login 1.2.0+git3.0123456789ab\ncommit: abc1234def\ngo: " + runtime.Version() + "\nwails: v2.15.0\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errs := runPlain(t, b, args...)
		if code != ExitOK || out != want || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want stdout %q", args, code, out, errs, want)
		}
	}
}

func TestVersionTakesNoOperands(t *testing.T) {
	if code, _, _ := runPlain(t, Build{}, "version", "now"); code != ExitUsage {
		t.Errorf("version now: exit %d, want %d", code, ExitUsage)
	}
}

// What the ldflags did not set comes from Go's build information, and what neither has
// says unknown; ldflags win over the build information.
func TestBuildComplete(t *testing.T) {
	info := &debug.BuildInfo{
		Main:     debug.Module{Path: "atomgit.com/atomgit-login/atomgit-login", Version: "(devel)"},
		Deps:     []*debug.Module{{Path: "golang.org/x/sys", Version: "v0.49.0"}, {Path: wailsModule, Version: "v2.15.0"}},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"}},
	}
	tests := []struct {
		name string
		in   Build
		info *debug.BuildInfo
		ok   bool
		want Build
	}{
		{"from the build info", Build{Version: "v1"}, info, true, Build{Version: "v1", Commit: "0123abcd", Go: runtime.Version(), Wails: "v2.15.0"}},
		{"ldflags win", Build{Version: "v1", Commit: "feed", Wails: "v2.14.0", Go: "go1.0"}, info, true, Build{Version: "v1", Commit: "feed", Go: "go1.0", Wails: "v2.14.0"}},
		{"nothing known", Build{}, nil, false, Build{Version: "unknown", Commit: "unknown", Go: runtime.Version(), Wails: "unknown"}},
		{"a module version", Build{}, &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, true, Build{Version: "v1.3.0", Commit: "unknown", Go: runtime.Version(), Wails: "unknown"}},
	}
	for _, tc := range tests {
		if got := tc.in.complete(tc.info, tc.ok); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

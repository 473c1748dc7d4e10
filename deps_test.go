// The go tool is not there when the Windows test binary runs (under Wine); the test
// looks at every platform's build from here.

//go:build !windows

package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The commands' program (built without cgo or the desktop tag, as scripts/build does)
// links no package that costs every command at its start: regexp (and with it the
// unicode tables) compiles at package init wherever a pattern is a package variable,
// and the template packages keep every exported method for their reflection. Each was
// once taken out, and came back unnoticed (docs/benchmarks.md). On macOS go-keyring
// itself links regexp (it escapes its arguments to /usr/bin/security), so only Linux and
// Windows are held to it.
func TestTheCommandsLinkNoRegexpOrTemplate(t *testing.T) {
	for _, goos := range []string{"linux", "windows"} {
		cmd := exec.Command("go", "list", "-deps", "-tags", "production", ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s: %v", goos, err)
		}
		deps := strings.Fields(string(out))
		for _, pkg := range []string{"regexp", "text/template", "html/template"} {
			if slices.Contains(deps, pkg) {
				t.Errorf("the commands for %s link %s: go list -deps -f '{{.ImportPath}}: {{.Imports}}' -tags production . says who imports it", goos, pkg)
			}
		}
	}
}

package cli

import (
	"bytes"
	"flag"
	"slices"
	"strings"
	"testing"
)

// helpFlags are the flags that `args --help` lists, in order, by name.
func helpFlags(t *testing.T, args ...string) []string {
	t.Helper()
	var out, errb bytes.Buffer
	nothing := func(string) string { return "" }
	if code := Main(append(args, "--help"), Deps{Stdout: &out, Stderr: &errb, Getenv: nothing}); code != ExitOK {
		t.Fatalf("%v --help: exit %d, %s", args, code, errb.String())
	}
	var names []string
	for _, line := range strings.Split(out.String()+errb.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "  --"):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "  --"), " ")
			names = append(names, name)
		case strings.HasPrefix(strings.TrimSpace(line), "-") && !strings.HasPrefix(line, "      "):
			t.Errorf("%v --help: %q is not written --flag", args, line)
		}
	}
	return names
}

// --help writes every flag as the README does (--name), and lists the command's own
// flags first, then --demo and --user, then the settings' in the order config lists
// them: every flag the command line takes, each once.
func TestHelpListsTheCommandsOwnFlagsFirst(t *testing.T) {
	for _, c := range append([]command{programCommand}, commands()...) {
		var args []string
		if c.name != "" {
			args = []string{c.name}
		}
		got := helpFlags(t, args...)
		var want []string
		for _, f := range ownFlags(c, english) {
			want = append(want, f.Name)
		}
		if !c.plain {
			want = append(want, "demo", "user")
			for _, f := range settingFlags(english) {
				want = append(want, f.Name)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q --help lists %q, want %q", c.name, got, want)
		}
		var takes []string
		newInvocation(c, english).fs.VisitAll(func(f *flag.Flag) { takes = append(takes, f.Name) })
		if slices.Sort(takes); !slices.Equal(takes, slices.Sorted(slices.Values(got))) {
			t.Errorf("%q --help lists %q; the command line takes %q", c.name, got, takes)
		}
	}
}

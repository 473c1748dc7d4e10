package config

import (
	"flag"
	"strings"
	"testing"
	"unicode"
)

// Every setting's flag has a Chinese usage that names its variable, and UsageInChinese
// leaves the flags it did not define alone.
func TestUsageInChinese(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	AddFlags(fs)
	fs.Bool("other", false, "not a setting")
	UsageInChinese(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "other" {
			if f.Usage != "not a setting" {
				t.Errorf("--other's usage changed to %q", f.Usage)
			}
			return
		}
		if !strings.ContainsFunc(f.Usage, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("--%s: no Chinese in %q", f.Name, f.Usage)
		}
	})
	for _, s := range settings {
		if u := fs.Lookup(flagName(s.key)).Usage; !strings.HasSuffix(u, "（$"+s.env+"）") {
			t.Errorf("--%s: %q does not name $%s", flagName(s.key), u, s.env)
		}
	}
}

package htmlescape

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// The contexts the pages use, each as html/template renders it; the functions must give
// the same bytes between the markers.
var contexts = []struct {
	name          string
	before, after string
	got           func(string) string
}{
	{"text", `<p>`, `</p>`, Text},
	{"title", `<title>`, `</title>`, Text},
	{"attribute", `<input value="`, `">`, Text},
	{"data attribute", `<script data-page="`, `"></script>`, Text},
	{"href", `<a href="`, `">`, URL},
	{"action", `<form action="`, `">`, URL},
	{"path in src", `<img src="/avatar/`, `.svg">`, TrustedURL},
	{"trusted href", `<a href="`, `">`, func(s string) string { return TrustedURL(s) }},
}

// render is what html/template writes for s in the context at i, without the markup around
// it.
func render(t *testing.T, i int, s string) string {
	t.Helper()
	c := contexts[i]
	var b strings.Builder
	var v any = s
	if c.name == "trusted href" {
		v = template.URL(s)
	}
	tmpl := template.Must(template.New("").Parse(c.before + "{{.}}" + c.after))
	if err := tmpl.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), c.before), c.after)
}

var hostile = []string{
	"", "demo", "Demo User", `"><script>alert(1)</script>`, `' onmouseover='x`, "a+b=c&d",
	"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>", "vbscript:x", "mailto:a@b",
	"https://example.com/a b?c=d&e=f#g", "http://wails.localhost/", "wails://wails/",
	"/login/oauth/authorize?next=%2F&x=%zz", "%", "%4", "%41", "50%", "a\x00b", "\xff\xfe",
	"\u2028\u2029", "混合 文字 <b>", "`backtick`", "(paren)", "a:b/c", "/a:b", "\t\n\r", "&amp;",
	"\ufdd0\ufffe", "💡",
}

func TestSameAsHTMLTemplate(t *testing.T) {
	for i, c := range contexts {
		for _, s := range hostile {
			if got, want := c.got(s), render(t, i, s); got != want {
				t.Errorf("%s: %q: got %q, want %q (html/template)", c.name, s, got, want)
			}
		}
	}
}

// TestSameAsHTMLTemplateRandom: strings drawn from characters that matter to HTML and
// URLs, and any byte.
func TestSameAsHTMLTemplateRandom(t *testing.T) {
	const alphabet = "aZ09 \"'&<>+=%:/?#@!$*,;[]-._~()`\\\x00\x7f\xc3\xa9\xff\u2028混"
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			if r.IntN(8) == 0 {
				b.WriteByte(byte(r.IntN(256)))
			} else {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
		}
		if r.IntN(4) == 0 {
			b.WriteString([]string{"http:", "javascript:", "MAILTO:", "x:"}[r.IntN(4)])
		}
		s := b.String()
		i := n % len(contexts)
		if got, want := contexts[i].got(s), render(t, i, s); got != want {
			t.Fatalf("%s: %q: got %q, want %q (html/template)", contexts[i].name, s, got, want)
		}
	}
}

// FuzzSameAsHTMLTemplate extends the random test: go test -fuzz=. ./internal/htmlescape.
func FuzzSameAsHTMLTemplate(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, c := range contexts {
			if got, want := c.got(s), render(t, i, s); got != want {
				t.Fatalf("%s: %q: got %q, want %q (html/template)", c.name, s, got, want)
			}
		}
	})
}

package brand

import (
	"fmt"
	"testing"
)

func TestParseColorAcceptsOnlyHexColours(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"#1f6feb", "#1f6feb"},
		{"#1F6FEB", "#1f6feb"},
		{"#16b", "#1166bb"},
		{"#000", "#000000"},
	} {
		if got, err := ParseColor(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseColor(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{
		"", "#", "1f6feb", "#1f6fe", "#1f6feb0", "#1f6febff", "#ggg", "red", "#+1f6eb",
		"#_1f6eb", "#1f6feb;}", "#1f6feb; background:url(x)", "var(--x)", " #1f6feb", "#１２３",
	} {
		if got, err := ParseColor(in); err == nil {
			t.Errorf("ParseColor(%q) = %q, want an error", in, got)
		}
	}
}

func TestPaletteKeepsTextReadable(t *testing.T) {
	for _, accent := range []string{"#1f6feb", "#e5503a", "#ffff00", "#ffffff", "#000000", "#777777", "#2da44e", "#1b1e24"} {
		t.Run(accent, func(t *testing.T) {
			p, err := NewPalette(accent)
			if err != nil {
				t.Fatal(err)
			}
			a := must(t, p.Accent)
			other := white
			if must(t, p.Text) == white {
				other = lightText
			}
			if got, alt := contrast(a, must(t, p.Text)), contrast(a, other); got < alt {
				t.Errorf("text %s on %s: contrast %.2f, the other choice has %.2f", p.Text, accent, got, alt)
			}
			for _, c := range []struct {
				name, ink string
				card      rgb
			}{{"ink", p.Ink, lightCard}, {"ink_dark", p.InkDark, darkCard}} {
				if got := contrast(must(t, c.ink), c.card); got < MinTextContrast {
					t.Errorf("%s %s on its card %s: contrast %.2f, want ≥ %.1f", c.name, c.ink, c.card, got, MinTextContrast)
				}
			}
		})
	}
}

// The main button's text is readable on the accent, and on the hovered button too (WCAG
// AA, as axe-core checks the window: e2e/a11y_test.go), for every colour a reuser may
// choose: a grid through the whole sRGB cube.
func TestTheButtonIsReadableInEveryAccent(t *testing.T) {
	for r := 0; r < 256; r += 17 {
		for g := 0; g < 256; g += 17 {
			for b := 0; b < 256; b += 17 {
				accent := rgb{uint8(r), uint8(g), uint8(b)}.String()
				p, err := NewPalette(accent)
				if err != nil {
					t.Fatal(err)
				}
				text := must(t, p.Text)
				for _, fill := range []string{p.Accent, p.Hover} {
					if got := contrast(must(t, fill), text); got < MinTextContrast {
						t.Errorf("accent %s: text %s on %s: contrast %.2f, want ≥ %.1f", accent, p.Text, fill, got, MinTextContrast)
					}
				}
			}
		}
	}
}

func TestPaletteKeepsAReadableAccentAsItIs(t *testing.T) {
	p, err := NewPalette("#0a3069") // dark blue: readable on white, white text on it
	if err != nil {
		t.Fatal(err)
	}
	if p.Accent != "#0a3069" || p.Ink != "#0a3069" || p.Text != "#ffffff" {
		t.Errorf("palette = %+v, want the accent as ink and white text", p)
	}
	if p.InkDark == p.Accent {
		t.Errorf("ink_dark = %s: dark blue on the dark card is unreadable", p.InkDark)
	}
	if p.Hover == p.Accent {
		t.Error("hover is the accent itself")
	}
	p, _ = NewPalette("#ffd33d") // yellow: dark text on it
	if p.Text != lightText.String() {
		t.Errorf("text on yellow = %s, want %s", p.Text, lightText)
	}
}

func TestNewPaletteRejectsWhatParseColorRejects(t *testing.T) {
	if p, err := NewPalette("red"); err == nil {
		t.Errorf("NewPalette(red) = %+v, want an error", p)
	}
	if _, err := NewPalette(""); err == nil {
		t.Error("NewPalette(\"\"): want an error")
	}
}

func must(t *testing.T, s string) rgb {
	t.Helper()
	c, err := parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ExampleNewPalette() {
	p, _ := NewPalette("#1f6feb")
	fmt.Println(p.Accent, p.Text)
	// Output: #1f6feb #ffffff
}

// Package brand is a reuser's look for the window: an accent colour, with the shades the
// page needs to stay readable on it and beside it, and a logo image that the app's own
// asset server serves at one fixed path. It depends only on the standard library.
package brand

import (
	"fmt"
	"math"
	"strconv"
)

// Palette is an accent colour and the shades derived from it, each "#rrggbb". The page
// uses Accent for fills (the main button, the built-in logo's tile, spinners) and Ink
// wherever the accent colours text or a focus ring, so that a pale or a dark accent stays
// readable on either card.
type Palette struct {
	// Accent is the colour as configured.
	Accent string `json:"accent"`
	// Hover is a hovered button: the accent moved a little away from Text, so that the
	// text stays at least as readable.
	Hover string `json:"hover"`
	// Text is text on an accent fill: white or near-black, whichever contrasts more, or
	// black where neither reaches MinTextContrast (mid-tones such as #e5503a).
	Text string `json:"text"`
	// Ink is the accent as text and focus rings on the light card.
	Ink string `json:"ink"`
	// InkDark is the same on the dark card.
	InkDark string `json:"ink_dark"`
}

// The page's own colours (frontend/src/style.css) that the shades are measured against.
var (
	white     = rgb{0xff, 0xff, 0xff}
	black     = rgb{0x00, 0x00, 0x00}
	lightText = rgb{0x1f, 0x23, 0x28} // --text, light scheme; also the dark text on a fill
	lightCard = white                 // --card, light scheme
	darkText  = rgb{0xe8, 0xea, 0xed} // --text, dark scheme
	darkCard  = rgb{0x1b, 0x1e, 0x24} // --card, dark scheme
)

// MinTextContrast is the contrast ratio Ink keeps with its card, and Text with the
// accent and the hovered accent: WCAG's AA level for body text.
const MinTextContrast = 4.5

// NewPalette derives a Palette from an accent colour given as #rgb or #rrggbb.
func NewPalette(accent string) (Palette, error) {
	a, err := parse(accent)
	if err != nil {
		return Palette{}, err
	}
	text, away := white, black // away: where the hovered button moves, from the text
	if contrast(a, lightText) > contrast(a, white) {
		text, away = lightText, white
	}
	if contrast(a, text) < MinTextContrast {
		// Neither reaches it: black does, as white falls short of 4.5 only on a colour
		// light enough for black to reach 4.67.
		text, away = black, white
	}
	return Palette{
		Accent:  a.String(),
		Hover:   mix(a, away, 0.15).String(),
		Text:    text.String(),
		Ink:     ink(a, lightCard, lightText).String(),
		InkDark: ink(a, darkCard, darkText).String(),
	}, nil
}

// ParseColor checks a colour given as #rgb or #rrggbb (either case) and returns it as
// lower-case #rrggbb. Nothing else is accepted: the colour ends up in the page's CSS.
func ParseColor(s string) (string, error) {
	c, err := parse(s)
	if err != nil {
		return "", err
	}
	return c.String(), nil
}

// rgb is an sRGB colour, 8 bits a channel.
type rgb [3]uint8

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

func parse(s string) (rgb, error) {
	bad := fmt.Errorf("must be a colour as #rgb or #rrggbb, such as #1f6feb, not %q", s)
	if (len(s) != 4 && len(s) != 7) || s[0] != '#' {
		return rgb{}, bad
	}
	hex := s[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var c rgb
	for i := range c {
		// ParseUint would accept a sign or an underscore; two hex digits are checked here.
		if !isHex(hex[2*i]) || !isHex(hex[2*i+1]) {
			return rgb{}, bad
		}
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c[i] = uint8(v)
	}
	return c, nil
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// luminance is WCAG 2's relative luminance.
func luminance(c rgb) float64 {
	var l float64
	for i, w := range [3]float64{0.2126, 0.7152, 0.0722} {
		v := float64(c[i]) / 255
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		l += w * v
	}
	return l
}

// contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// mix is a moved towards b by t (0: a, 1: b), channel by channel.
func mix(a, b rgb, t float64) rgb {
	var c rgb
	for i := range c {
		c[i] = uint8(math.Round(float64(a[i]) + (float64(b[i])-float64(a[i]))*t))
	}
	return c
}

// ink is the accent as it can be read on card: the accent itself when it contrasts
// enough, otherwise the least step of it towards the card's text colour that does.
func ink(a, card, text rgb) rgb {
	for step := range 20 {
		if c := mix(a, text, float64(step)/20); contrast(c, card) >= MinTextContrast {
			return c
		}
	}
	return text
}

package main

import (
	"bytes"
	"image"
	"image/color"
	_ "image/png"
	"testing"
)

// The window's icon stays small: GTK decodes it and sends it to the display at every
// start, and a 512 px, 16-bit one cost ~170 ms of the start-up.
func TestWindowIconIsSmall(t *testing.T) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(icon))
	if err != nil {
		t.Fatal(err)
	}
	if format != "png" || cfg.Width > 128 || cfg.Height > 128 {
		t.Errorf("icon is a %s of %d×%d, want a PNG of at most 128×128", format, cfg.Width, cfg.Height)
	}
	if cfg.ColorModel == color.NRGBA64Model || cfg.ColorModel == color.RGBA64Model {
		t.Errorf("icon has 16 bits a channel, want 8")
	}
}

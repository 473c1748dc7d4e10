// Command icons writes the app's icon at the sizes of the freedesktop hicolor theme,
// scaled from build/appicon.png, for the Linux packages (scripts/package):
//
//	go run ./build/linux/icons SRC.png DIR
//
// writes DIR/NxN/apps/atomgit-login.png for each size.
package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// name is the icon's name in the theme: the desktop entry's Icon=.
const name = "atomgit-login"

// sizes are the hicolor sizes written; none is larger than the source.
var sizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: icons SRC.png DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func write(src, dir string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx() < sizes[len(sizes)-1] {
		return fmt.Errorf("%s is %dx%d: it must be square and at least %d pixels", src, b.Dx(), b.Dy(), sizes[len(sizes)-1])
	}
	for _, n := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		path := filepath.Join(dir, fmt.Sprintf("%dx%d", n, n), "apps", name+".png")
		if err := save(path, dst); err != nil {
			return err
		}
	}
	return nil
}

func save(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

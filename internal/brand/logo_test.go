package brand

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngFile writes a small PNG into dir.
func pngFile(t *testing.T, dir, name string) (string, []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{0x1f, 0x6f, 0xeb, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return write(t, dir, name, b.Bytes()), b.Bytes()
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLogoFilesOfEachKindLoad(t *testing.T) {
	dir := t.TempDir()
	p, data := pngFile(t, dir, "logo.PNG")
	svg := []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>")
	for _, tc := range []struct {
		path, typ string
		data      []byte
	}{
		{p, "image/png", data},
		{write(t, dir, "logo.svg", svg), "image/svg+xml", svg},
		{write(t, dir, "logo.jpeg", []byte("\xff\xd8\xff\xe0 jfif")), "image/jpeg", []byte("\xff\xd8\xff\xe0 jfif")},
		{write(t, dir, "logo.jpg", []byte("\xff\xd8\xff\xdb")), "image/jpeg", []byte("\xff\xd8\xff\xdb")},
	} {
		if err := CheckLogo(tc.path); err != nil {
			t.Errorf("CheckLogo(%s): %v", tc.path, err)
		}
		l, err := LoadLogo(tc.path)
		if err != nil {
			t.Errorf("LoadLogo(%s): %v", tc.path, err)
			continue
		}
		if l.Type != tc.typ || !bytes.Equal(l.data, tc.data) {
			t.Errorf("LoadLogo(%s) = %s, %d bytes; want %s, %d bytes", tc.path, l.Type, len(l.data), tc.typ, len(tc.data))
		}
	}
}

func TestABadLogoFileIsAClearError(t *testing.T) {
	dir := t.TempDir()
	pngPath, _ := pngFile(t, dir, "real.png")
	big := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxLogoSize)...)
	for _, tc := range []struct {
		name, path, want string
		content          bool // only LoadLogo, which reads the file, sees it: CheckLogo does not open it
	}{
		{"missing", filepath.Join(dir, "gone.png"), "cannot read " + filepath.Join(dir, "gone.png") + ": no such file or directory", false},
		{"a folder", mkdir(t, dir, "folder.png"), "is not a regular file", false},
		{"unknown extension", write(t, dir, "logo.gif", []byte("GIF89a")), "is not a .png, .svg, .jpg or .jpeg file", false},
		{"no extension", write(t, dir, "logo", []byte("\x89PNG\r\n\x1a\n")), "is not a .png", false},
		{"empty", write(t, dir, "empty.png", nil), "is empty", false},
		{"too large", write(t, dir, "big.png", big), "is larger than 1024 KiB", false},
		{"text named png", write(t, dir, "text.png", []byte("hello")), "is not a PNG image", true},
		{"png named svg", write(t, dir, "png.svg", mustRead(t, pngPath)), "is not an SVG image", true},
		{"html named svg", write(t, dir, "page.svg", []byte("<html><script>alert(1)</script></html>")), "is not an SVG image", true},
		{"png named jpg", write(t, dir, "png.jpg", mustRead(t, pngPath)), "is not a JPEG image", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := loadErr(tc.path); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadLogo(%s) = %v, want an error with %q", tc.path, err, tc.want)
			}
			err := CheckLogo(tc.path)
			if tc.content && err != nil {
				t.Errorf("CheckLogo(%s) = %v, want nil: it does not read the content", tc.path, err)
			}
			if !tc.content && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("CheckLogo(%s) = %v, want an error with %q", tc.path, err, tc.want)
			}
		})
	}
}

func loadErr(path string) error { _, err := LoadLogo(path); return err }

func mkdir(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The logo is served from memory at its one path: a later change to the file, or any
// other path, reaches nothing on disk.
func TestLogoIsServedAtItsPathOnly(t *testing.T) {
	dir := t.TempDir()
	path, data := pngFile(t, dir, "logo.png")
	l, err := LoadLogo(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "logo.png", []byte("changed on disk"))
	srv := httptest.NewServer(l)
	defer srv.Close()

	res, err := http.Get(srv.URL + LogoPath)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	if res.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Errorf("GET %s = %d, %d bytes; want 200 and the PNG as loaded (%d bytes)", LogoPath, res.StatusCode, len(body), len(data))
	}
	for k, want := range map[string]string{
		"Content-Type":            "image/png",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}

	for _, p := range []string{"/brand/logo/", "/brand/logo.png", "/brand/", "/brand/../brand/logo/x", "/" + filepath.Base(path), path, "/index.html"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, res)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
	res, err = http.Post(srv.URL+LogoPath, "image/png", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST %s = %d, want 405", LogoPath, res.StatusCode)
	}
	res, err = http.Head(srv.URL + LogoPath)
	if err != nil {
		t.Fatal(err)
	}
	if b := readBody(t, res); res.StatusCode != 200 || len(b) != 0 || res.ContentLength != int64(len(data)) {
		t.Errorf("HEAD = %d, %d bytes, length %d; want 200, no body, %d", res.StatusCode, len(b), res.ContentLength, len(data))
	}
}

func readBody(t *testing.T, res *http.Response) []byte {
	t.Helper()
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestNewLogo(t *testing.T) {
	for data, want := range map[string]string{
		"\x89PNG\r\n\x1a\nrest":                          "image/png",
		"\xff\xd8\xffrest":                               "image/jpeg",
		`<svg xmlns="http://www.w3.org/2000/svg"></svg>`: "image/svg+xml",
		"":                  "",
		"GIF89a":            "",
		"<html><p>x</html>": "",
	} {
		l, err := NewLogo([]byte(data))
		switch {
		case want == "" && err == nil:
			t.Errorf("NewLogo(%q) = %s, want an error", data, l.Type)
		case want != "" && (err != nil || l.Type != want):
			t.Errorf("NewLogo(%q) = %v, %v, want %s", data, l, err, want)
		}
	}
	if _, err := NewLogo(make([]byte, MaxLogoSize+1)); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Errorf("NewLogo of a large image: %v, want larger", err)
	}
}

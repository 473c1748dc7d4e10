package brand

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// LogoPath is where the app's asset server serves the configured logo; the page knows no
// other way to it, and no other file is served.
const LogoPath = "/brand/logo"

// MaxLogoSize bounds a logo file: it is read whole into memory when the window opens.
const MaxLogoSize = 1 << 20

// LogoTypes are the logo files accepted, by extension (in lower case): their content type.
var LogoTypes = map[string]string{
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
}

// kinds names the content types in messages.
var kinds = map[string]string{"image/png": "a PNG", "image/svg+xml": "an SVG", "image/jpeg": "a JPEG"}

// Logo is a logo image read into memory. As an http.Handler it serves the image at
// LogoPath and nothing else. It does not change once loaded: safe for concurrent use.
type Logo struct {
	// Type is the content type, from the file's extension.
	Type string
	data []byte
}

// CheckLogo reports whether the file at path can be the logo by what its name and its
// folder entry say: a known extension, a regular file of at most MaxLogoSize bytes. It
// never opens the file, so that every command can check the setting cheaply, and none
// waits on a named pipe or a device given as the logo; LoadLogo checks the content too.
func CheckLogo(path string) error {
	if _, err := logoType(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
	}
	return checkFile(path, st)
}

// LoadLogo reads the logo file at path, with the checks of CheckLogo (made on the file it
// opened), and checks that its content is an image of the kind its extension names.
func LoadLogo(path string) (*Logo, error) {
	typ, err := logoType(path)
	if err != nil {
		return nil, err
	}
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxLogoSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
	case len(data) > MaxLogoSize:
		return nil, tooLarge(path)
	}
	if err := checkContent(path, typ, data); err != nil {
		return nil, err
	}
	return &Logo{Type: typ, data: data}, nil
}

// ServeHTTP answers GET and HEAD of LogoPath with the image; any other path is not
// found. The image is never sniffed into another type, and an SVG document opened on its
// own runs no script.
func (l *Logo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != LogoPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", l.Type)
	h.Set("Content-Length", fmt.Sprint(len(l.data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(l.data)
}

// NewLogo is the logo image data, given by a program rather than read from a file (a
// Wails app's own logo, auth/wailsauth): a PNG, JPEG or SVG image of at most MaxLogoSize
// bytes, its kind told by its content.
func NewLogo(data []byte) (*Logo, error) {
	const name = "the logo"
	if len(data) > MaxLogoSize {
		return nil, tooLarge(name)
	}
	for _, typ := range []string{"image/png", "image/jpeg", "image/svg+xml"} {
		if checkContent(name, typ, data) == nil {
			return &Logo{Type: typ, data: bytes.Clone(data)}, nil
		}
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s is empty", name)
	}
	return nil, fmt.Errorf("%s is not a PNG, JPEG or SVG image", name)
}

// logoType is the content type that path's extension names.
func logoType(path string) (string, error) {
	typ, ok := LogoTypes[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return "", fmt.Errorf("%s is not a .png, .svg, .jpg or .jpeg file", path)
	}
	return typ, nil
}

// open opens path for reading when it is a regular file no larger than MaxLogoSize. The
// open never waits (openFlags): a named pipe given as the logo is refused, not waited on.
func open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
	}
	st, err := f.Stat()
	if err == nil {
		err = checkFile(path, st)
	} else {
		err = fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkFile reports whether st, the file at path, can be a logo: a regular file, not
// empty, of at most MaxLogoSize bytes.
func checkFile(path string, st fs.FileInfo) error {
	switch {
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", path)
	case st.Size() == 0:
		return fmt.Errorf("%s is empty", path)
	case st.Size() > MaxLogoSize:
		return tooLarge(path)
	}
	return nil
}

func tooLarge(path string) error {
	return fmt.Errorf("%s is larger than %d KiB", path, MaxLogoSize>>10)
}

// checkContent reports whether head, the start of a file, is an image of kind typ.
func checkContent(path, typ string, head []byte) error {
	var ok bool
	switch typ {
	case "image/png":
		ok = bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
	case "image/jpeg":
		ok = bytes.HasPrefix(head, []byte("\xff\xd8\xff"))
	case "image/svg+xml":
		// Text starting with a tag (an XML declaration, a comment, or <svg itself), and an
		// <svg element early on.
		text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
		ok = bytes.HasPrefix(text, []byte("<")) && bytes.Contains(text, []byte("<svg"))
	}
	if len(head) == 0 {
		return fmt.Errorf("%s is empty", path)
	}
	if !ok {
		return fmt.Errorf("%s is not %s image", path, kinds[typ])
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

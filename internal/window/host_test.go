package window

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/bootpage"
	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
)

// newHostAt is a started Host serving a page at path, with a logo, in a world of its own.
func newHostAt(t *testing.T, path string) *Host {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	logo, err := brand.NewLogo([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHost(envWith(t, map[string]string{"LANG": "en_US.UTF-8"}), HostOptions{Path: path, Page: []byte("<html><head></head><body>sign-in</body></html>"), Logo: logo,
		Options: Options{Started: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	h.Startup(t.Context()) // this build's window does nothing
	t.Cleanup(func() { h.Shutdown(t.Context()) })
	if err := h.Err(); err != nil {
		t.Fatal(err)
	}
	return h
}

// The sign-in inside another app's window: its page and logo under the path, with the
// first screen's data; the app's own files untouched.
func TestHostServesTheSignInUnderItsPath(t *testing.T) {
	h := newHostAt(t, "/atomgit-login/")
	if got := h.Controller().Info().LogoURL; got != "/atomgit-login/brand/logo" {
		t.Errorf("logo_url = %q, want the logo under the path", got)
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the app's "+r.URL.Path) })
	srv := h.Middleware(app)
	get := func(path string) (int, string, string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "wails://wails"+path, nil))
		return rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()
	}
	for _, path := range []string{"/atomgit-login/", "/atomgit-login/index.html"} {
		code, _, body := get(path)
		if code != 200 || !strings.Contains(body, "sign-in") || !strings.Contains(body, `id="`+bootpage.ID+`"`) {
			t.Errorf("GET %s = %d %q, want the page with its data", path, code, body)
		}
	}
	if code, typ, _ := get("/atomgit-login/brand/logo"); code != 200 || typ != "image/svg+xml" {
		t.Errorf("GET the logo = %d %s, want the SVG", code, typ)
	}
	if code, _, _ := get("/atomgit-login/other"); code != 404 {
		t.Errorf("GET /atomgit-login/other = %d, want 404", code)
	}
	for _, path := range []string{"/", "/brand/logo", "/main.js"} {
		if code, _, body := get(path); code != 200 || body != "the app's "+path {
			t.Errorf("GET %s = %d %q, want the app's own", path, code, body)
		}
	}
}

// AtomGit Login's own window serves the sign-in at "/", its logo at brand.LogoPath.
func TestHostAtTheRoot(t *testing.T) {
	h := newHostAt(t, "/")
	if got := h.Controller().Info().LogoURL; got != brand.LogoPath {
		t.Errorf("logo_url = %q, want %q", got, brand.LogoPath)
	}
	srv := h.Middleware(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "wails://wails/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `id="`+bootpage.ID+`"`) {
		t.Errorf("GET / = %d %q, want the page with its data", rec.Code, rec.Body.String())
	}
}

//go:build integration

package e2e

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestABrandedAppSharesItsRefreshWithTheCommands: a reuser's name, text, logo and accent
// colour on the window with no code changed (checked in the screenshot's pixels); and `atomgit-login token` run while the app is refreshing waits
// for the app's refresh instead of sending its own (one refresh request in all).
func TestABrandedAppSharesItsRefreshWithTheCommands(t *testing.T) {
	// 60 s: refreshed 30 s after sign-in, when RefreshFloor first allows.
	w := newWorld(t, fakeatomgit.Options{AccessLifetime: time.Minute})
	const brand = "Acme Forge"
	env := append(w.env, "ATOMGIT_APP_NAME="+brand, "ATOMGIT_TAGLINE=One sign-in for every Acme tool.",
		"ATOMGIT_LOGO="+logoFile(t), "ATOMGIT_ACCENT=#1f6feb")
	a := startApp(t, "brand", env)
	a.waitShown("signed_out")
	// The sign-in button is filled with the accent (about 360×40 pixels); the logo is 28
	// pixels square; AtomGit Login's red is nowhere.
	screenshotUntil(t, "brand-1-signed-out", func(shot image.Image) error {
		if n := count(shot, accentBlue, 2); n < 5000 {
			return fmt.Errorf("%d pixels of the accent %v, want the sign-in button's (≥ 5000)", n, accentBlue)
		}
		if n := count(shot, logoTeal, 2); n < 400 {
			return fmt.Errorf("%d pixels of the logo's colour %v, want the logo's (≥ 400)", n, logoTeal)
		}
		for _, red := range builtInReds {
			if n := count(shot, red, 24); n > 0 {
				return fmt.Errorf("%d pixels of the built-in red %v, want none", n, red)
			}
		}
		return nil
	})
	before := w.stats()
	focusTitled(t, brand)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown > before.LoginShown })
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown > before.AuthorizeShown })
	keys(t, "Return")
	a.waitShown("signed_in")
	screenshot(t, "brand-2-signed-in")

	// The app's refresh (due 30 s after sign-in) is held up by the server for 2 s; while it
	// is under way, five `token` processes ask for a token.
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Delay: 2 * time.Second, Times: 1})
	// The refreshed token lasts an hour: a keyring slowed by a busy machine (10 s seen
	// with both CPUs loaded) must not make it due again before the count below.
	w.srv.SetAccessLifetime(time.Hour)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes >= 1 })
	var wg sync.WaitGroup
	tokens := make([]string, 5)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, stderr, code := run(t, env, "token")
			if code != 0 {
				t.Errorf("token: exit %d: %s", code, stderr)
			}
			tokens[i] = strings.TrimSpace(out)
		}()
	}
	wg.Wait()
	a.waitLog("msg=status", "state=signed_in")
	rec, _ := stored(t)
	for i, tok := range tokens {
		if tok != rec.Token.AccessToken {
			t.Errorf("process %d got %q, the keyring holds the app's refreshed token", i, tok)
		}
	}
	if n := w.stats().Refreshes; n != 1 {
		t.Errorf("refresh requests = %d, want 1 between the app and five commands", n)
	}
}

// The colours the branded window must show, and the ones it must not: the built-in
// accent, its hover shade and the dark scheme's.
var (
	accentBlue  = color.RGBA{0x1f, 0x6f, 0xeb, 0xff}
	logoTeal    = color.RGBA{0x00, 0xa8, 0x8f, 0xff}
	builtInReds = []color.RGBA{{0xc8, 0x44, 0x2f, 0xff}, {0xb3, 0x3a, 0x27, 0xff}, {0xef, 0x61, 0x48, 0xff}}
)

// logoFile writes a 64×64 teal PNG logo and returns its path.
func logoFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			img.Set(x, y, logoTeal)
		}
	}
	path := filepath.Join(t.TempDir(), "acme.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

// screenshotUntil takes screenshots, kept as test-output/NAME.png, until check accepts
// one, for at most 10 s: the window's frame reaches the X server a little after the page
// reports it shown. The test fails with check's last complaint.
func screenshotUntil(t *testing.T, name string, check func(image.Image) error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		screenshot(t, name)
		f, err := os.Open(filepath.Join(outputDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		err = check(img)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		time.Sleep(200 * time.Millisecond) // polling the screen: X has no "painted" event for us
	}
}

// count is how many pixels of img are within tol of c in every channel.
func count(img image.Image, c color.RGBA, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r>>8, c.R, tol) && near(g>>8, c.G, tol) && near(bl>>8, c.B, tol) {
				n++
			}
		}
	}
	return n
}

func near(v uint32, want uint8, tol int) bool {
	d := int(v) - int(want)
	return -tol <= d && d <= tol
}

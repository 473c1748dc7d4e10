//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// A link planted where the change signal goes: logout refuses before it does anything,
// naming the link, and the file it points at is untouched (run as root, a link to a
// system file would otherwise have had that file replaced).
func TestLogoutRefusesALinkAtTheSignal(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	k, err := f.env().Keeper()
	if err != nil {
		t.Fatal(err)
	}
	signal := k.Signal.(session.FileSignal).Path
	target := filepath.Join(t.TempDir(), "system-file")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(signal)
	if err := os.Symlink(target, signal); err != nil {
		t.Fatal(err)
	}
	code, _, errs := f.run("logout")
	if code != ExitNo || !strings.Contains(errs, signal+" is a symbolic link") {
		t.Errorf("logout: exit %d, %q; want exit 1 naming %s", code, errs, signal)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("the file the link points at now holds %q", b)
	}
	if rec := f.stored(); rec.Account.Login != "demo" {
		t.Errorf("stored: %+v, want the session kept: nothing was done", rec)
	}
}

package desktop

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWebDataIsDeletedAtTheStartAfterASignOut(t *testing.T) {
	d := webData{Dir: filepath.Join(t.TempDir(), "atomgit-login", "WebView2")}
	cookie := filepath.Join(d.Dir, "EBWebView", "Default", "Network", "Cookies")
	if err := os.MkdirAll(filepath.Dir(cookie), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cookie, []byte("atomgit session"), 0o600); err != nil {
		t.Fatal(err)
	}

	// A start with no sign-out before it keeps the web data.
	if err := d.clearIfMarked(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cookie); err != nil {
		t.Fatalf("unmarked web data was touched: %v", err)
	}

	if err := d.markForClearing(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cookie); err != nil {
		t.Fatalf("marking deleted the data in use: %v", err)
	}
	if err := d.clearIfMarked(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("web data after a marked start: %v; want it gone", err)
	}
	if _, err := os.Stat(d.marker()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("marker after the clearing: %v; want it gone", err)
	}
}

func TestMarkingCreatesTheFolderItNeeds(t *testing.T) {
	d := webData{Dir: filepath.Join(t.TempDir(), "not-yet", "WebView2")}
	if err := d.markForClearing(); err != nil {
		t.Fatal(err)
	}
	if err := d.clearIfMarked(); err != nil { // nothing to delete but the marker
		t.Fatal(err)
	}
	if _, err := os.Stat(d.marker()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("marker: %v; want it gone", err)
	}
}

//go:build integration && linux

package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The probe tells an unlocked keyring from a locked one, a bus without a Secret Service
// and no bus at all, without writing anything.
func TestIntegrationProbeSecretService(t *testing.T) {
	realStore(t)
	ctx := context.Background()
	found, err := ProbeSecretService(ctx)
	if err != nil || !found.Provided || found.Locked || found.Bus == "" {
		t.Fatalf("the test keyring: %+v, %v; want provided and unlocked", found, err)
	}
	// Locked: in a keyring of its own (scripts/with-keyring in a child), as other tests
	// use this one meanwhile, and gnome-keyring cannot be unlocked again from a script.
	script, err := filepath.Abs("../../scripts/with-keyring")
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, script, os.Args[0], "-test.run=^TestIntegrationProbeLockedChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ATOMGIT_KEYRING_CHILD=probe-locked")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "probe: locked=true provided=true err=<nil>\n") {
		t.Errorf("the locked keyring: %v\n%s", err, out)
	}

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bareBus(t))
	if found, err := ProbeSecretService(ctx); err != nil || found.Provided {
		t.Errorf("a bus without a Secret Service: %+v, %v", found, err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := ProbeSecretService(ctx); !errors.Is(err, ErrNoSessionBus) {
		t.Errorf("no bus: %v, want ErrNoSessionBus", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "gone"))
	if _, err := ProbeSecretService(ctx); err == nil {
		t.Error("a bus address where nothing listens: no error")
	}
}

// TestIntegrationProbeLockedChild is the child of TestIntegrationProbeSecretService, in a
// keyring of its own; on its own it does nothing. It locks the keyring and prints what
// the probe finds.
func TestIntegrationProbeLockedChild(t *testing.T) {
	if os.Getenv("ATOMGIT_KEYRING_CHILD") != "probe-locked" {
		t.Skip("runs only as a child of TestIntegrationProbeSecretService")
	}
	out, err := exec.Command("dbus-send", "--session", "--print-reply=literal",
		"--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
		"org.freedesktop.Secret.Service.Lock",
		"array:objpath:/org/freedesktop/secrets/collection/login").CombinedOutput()
	if err != nil {
		t.Fatalf("locking the keyring: %v\n%s", err, out)
	}
	found, err := ProbeSecretService(context.Background())
	fmt.Printf("probe: locked=%v provided=%v err=%v\n", found.Locked, found.Provided, err)
}

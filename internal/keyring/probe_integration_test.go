//go:build integration && linux

package keyring

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/godbus/dbus/v5"
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

	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	svc := conn.Object(secretsName, secretsPath)
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := svc.Call(secretsService+".Lock", 0, []dbus.ObjectPath{loginCollectionPath}).Store(&locked, &prompt); err != nil || len(locked) != 1 {
		t.Fatalf("lock the keyring: %v, %v", locked, err)
	}
	found, err = ProbeSecretService(ctx)
	unlock(t, conn)
	if err != nil || !found.Locked {
		t.Errorf("the locked keyring: %+v, %v; want locked", found, err)
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

// unlock unlocks the login collection with scripts/with-keyring's password, through
// gnome-keyring's interface for exactly this (the password stays on the private bus).
func unlock(t *testing.T, conn *dbus.Conn) {
	t.Helper()
	svc := conn.Object(secretsName, secretsPath)
	var output dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call(secretsService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&output, &session); err != nil {
		t.Fatalf("open a Secret Service session: %v", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte("with-keyring-password"), "text/plain"}
	if call := svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0, loginCollectionPath, secret); call.Err != nil {
		t.Fatalf("unlock the keyring: %v", call.Err)
	}
}

//go:build integration

package e2e

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

// The collection go-keyring writes to, and the password scripts/with-keyring unlocked
// it with.
const (
	loginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
	keyringPassword = "with-keyring-password"
)

// secretService is the test's own connection to gnome-keyring, to lock and unlock the
// keyring under the app, as a person's screen lock or a timeout would.
func secretService(t *testing.T) (*dbus.Conn, dbus.BusObject) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
}

// lockKeyring locks the login collection.
func lockKeyring(t *testing.T) {
	t.Helper()
	_, svc := secretService(t)
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.Lock", 0, []dbus.ObjectPath{loginCollection}).Store(&locked, &prompt); err != nil {
		t.Fatalf("lock the keyring: %v", err)
	}
	if len(locked) != 1 {
		t.Fatalf("lock the keyring: locked %v, prompt %v", locked, prompt)
	}
}

// unlockKeyring unlocks it with its password, through gnome-keyring's interface for
// exactly this (a plain session: the password stays on this machine's private bus).
func unlockKeyring(t *testing.T) {
	t.Helper()
	_, svc := secretService(t)
	var output dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&output, &session); err != nil {
		t.Fatalf("open a Secret Service session: %v", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte(keyringPassword), "text/plain"}
	call := svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0, loginCollection, secret)
	if call.Err != nil {
		t.Fatalf("unlock the keyring: %v", call.Err)
	}
}

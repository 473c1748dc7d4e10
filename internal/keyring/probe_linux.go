//go:build linux

package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/godbus/dbus/v5"
)

// The collection go-keyring writes to, and the alias it falls back on.
const (
	loginCollectionPath   = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
	defaultCollectionPath = dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")
)

// ErrNoSessionBus is ProbeSecretService's answer where there is no D-Bus session bus to
// reach: DBUS_SESSION_BUS_ADDRESS is not set, and there is no bus in XDG_RUNTIME_DIR.
var ErrNoSessionBus = errors.New("keyring: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

// SecretService is what a look at the Secret Service found.
type SecretService struct {
	// Bus is the session bus's address.
	Bus string
	// Provided reports whether something on the bus provides the Secret Service, running
	// or to be started by D-Bus.
	Provided bool
	// Locked reports whether the collection go-keyring writes to (login, or the default
	// alias) is locked: reading or writing would ask for its password.
	Locked bool
}

// ProbeSecretService looks at the Secret Service without writing anything or asking the
// person anything (diagnose): the session bus, whether the service is there, and whether
// its collection is locked. It never starts a bus (go-keyring's autolaunch would); it may
// start the service, as any keyring call does. A search goes first and alone, as
// quickGet's calls do, so that gnome-keyring is never asked for a property first.
func ProbeSecretService(ctx context.Context) (SecretService, error) {
	var found SecretService
	found.Bus = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if found.Bus == "" {
		if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
			if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
				found.Bus = "unix:path=" + filepath.Join(dir, "bus")
			}
		}
	}
	if found.Bus == "" {
		return found, ErrNoSessionBus
	}
	conn, err := dbus.Connect(found.Bus, dbus.WithContext(ctx))
	if err != nil {
		return found, fmt.Errorf("keyring: the D-Bus session bus %s: %w", found.Bus, err)
	}
	defer conn.Close()
	var running bool
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&running); err != nil {
		return found, fmt.Errorf("keyring: the D-Bus session bus: %w", err)
	}
	if !running {
		var names []string
		if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
			return found, fmt.Errorf("keyring: the D-Bus session bus: %w", err)
		}
		if !slices.Contains(names, secretsName) {
			return found, nil
		}
	}
	found.Provided = true
	svc := conn.Object(secretsName, secretsPath)
	var unlocked, locked []dbus.ObjectPath
	if err := svc.CallWithContext(ctx, secretsService+".SearchItems", 0, map[string]string{"service": "atomgit-login-probe"}).Store(&unlocked, &locked); err != nil {
		return found, fmt.Errorf("keyring: the Secret Service: %w", err)
	}
	for _, path := range []dbus.ObjectPath{loginCollectionPath, defaultCollectionPath} {
		v, err := conn.Object(secretsName, path).GetProperty("org.freedesktop.Secret.Collection.Locked")
		if err != nil {
			continue // no such collection: the next
		}
		found.Locked, _ = v.Value().(bool)
		return found, nil
	}
	return found, errors.New("keyring: the Secret Service has no login collection, nor a default one")
}

//go:build linux

package keyring

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestPickItem(t *testing.T) {
	login := func(n string) dbus.ObjectPath { return loginCollection + "/" + dbus.ObjectPath(n) }
	session := dbus.ObjectPath("/org/freedesktop/secrets/collection/session/1")
	logins := dbus.ObjectPath("/org/freedesktop/secrets/collection/logins/1") // not login's
	tests := []struct {
		name             string
		loginOpen        bool
		unlocked, locked []dbus.ObjectPath
		item             dbus.ObjectPath
		found, decided   bool
	}{
		{"unlocked in login", true, []dbus.ObjectPath{login("7")}, nil, login("7"), true, true},
		{"login's first, after another collection's", true, []dbus.ObjectPath{session, login("2"), login("3")}, nil, login("2"), true, true},
		{"nowhere, login open", true, nil, nil, "", false, true},
		{"nowhere, login locked or missing", false, nil, nil, "", false, false},
		{"only locked", true, nil, []dbus.ObjectPath{login("1")}, "", false, false},
		{"only in another collection", true, []dbus.ObjectPath{session}, nil, "", false, false},
		{"a collection whose name starts with login", true, []dbus.ObjectPath{logins}, nil, "", false, false},
	}
	for _, tt := range tests {
		item, found, decided := pickItem(tt.loginOpen, tt.unlocked, tt.locked)
		if item != tt.item || found != tt.found || decided != tt.decided {
			t.Errorf("%s: pickItem = %q, %v, %v; want %q, %v, %v", tt.name, item, found, decided, tt.item, tt.found, tt.decided)
		}
	}
}

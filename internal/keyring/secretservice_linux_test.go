//go:build linux

package keyring

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestPickItem(t *testing.T) {
	login := func(n string) dbus.ObjectPath { return dbus.ObjectPath(loginCollection + n) }
	session := dbus.ObjectPath("/org/freedesktop/secrets/collection/session/1")
	logins := dbus.ObjectPath("/org/freedesktop/secrets/collection/logins/1") // not login's
	tests := []struct {
		name     string
		unlocked []dbus.ObjectPath
		item     dbus.ObjectPath
		ok       bool
	}{
		{"one in login", []dbus.ObjectPath{login("7")}, login("7"), true},
		{"login's first, after another collection's", []dbus.ObjectPath{session, login("2"), login("3")}, login("2"), true},
		{"none", nil, "", false},
		{"only in another collection", []dbus.ObjectPath{session}, "", false},
		{"a collection whose name starts with login", []dbus.ObjectPath{logins}, "", false},
	}
	for _, tt := range tests {
		if item, ok := pickItem(tt.unlocked); item != tt.item || ok != tt.ok {
			t.Errorf("%s: pickItem = %q, %v; want %q, %v", tt.name, item, ok, tt.item, tt.ok)
		}
	}
}

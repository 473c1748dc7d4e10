//go:build linux

package keyring

import (
	"slices"
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestLoginItems(t *testing.T) {
	login := func(n string) dbus.ObjectPath { return dbus.ObjectPath(loginCollection + n) }
	session := dbus.ObjectPath("/org/freedesktop/secrets/collection/session/1")
	logins := dbus.ObjectPath("/org/freedesktop/secrets/collection/logins/1") // not login's
	tests := []struct {
		name     string
		unlocked []dbus.ObjectPath
		items    []dbus.ObjectPath
	}{
		{"one in login", []dbus.ObjectPath{login("7")}, []dbus.ObjectPath{login("7")}},
		{"login's, in order, without another collection's", []dbus.ObjectPath{session, login("3"), login("2")}, []dbus.ObjectPath{login("3"), login("2")}},
		{"none", nil, nil},
		{"only in another collection", []dbus.ObjectPath{session}, nil},
		{"a collection whose name starts with login", []dbus.ObjectPath{logins}, nil},
	}
	for _, tt := range tests {
		if items := loginItems(tt.unlocked); !slices.Equal(items, tt.items) {
			t.Errorf("%s: loginItems = %q; want %q", tt.name, items, tt.items)
		}
	}
}

func TestIsEntry(t *testing.T) {
	attrs := entryAttributes("svc", "ada")
	for _, tt := range []struct {
		name string
		v    dbus.Variant
		want bool
	}{
		{"exactly the entry's", dbus.MakeVariant(map[string]string{"service": "svc", "username": "ada"}), true},
		{"with the schema the Secret Service adds", dbus.MakeVariant(map[string]string{"service": "svc", "username": "ada", "xdg:schema": "org.freedesktop.Secret.Generic"}), true},
		{"one more", dbus.MakeVariant(map[string]string{"service": "svc", "username": "ada", "decoy": "1"}), false},
		{"one less", dbus.MakeVariant(map[string]string{"service": "svc"}), false},
		{"another user", dbus.MakeVariant(map[string]string{"service": "svc", "username": "bob"}), false},
		{"not attributes", dbus.MakeVariant("service=svc"), false},
	} {
		if got := isEntry(tt.v, attrs); got != tt.want {
			t.Errorf("%s: isEntry = %v; want %v", tt.name, got, tt.want)
		}
	}
}

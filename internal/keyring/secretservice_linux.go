//go:build linux

package keyring

import (
	"strings"

	"github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// The Secret Service names that quickGet uses (the freedesktop.org Secret Service API).
const (
	secretsName     = "org.freedesktop.secrets"
	secretsPath     = dbus.ObjectPath("/org/freedesktop/secrets")
	secretsService  = "org.freedesktop.Secret.Service"
	secretsSession  = "org.freedesktop.Secret.Session"
	loginCollection = "/org/freedesktop/secrets/collection/login/"
)

// quickGet reads an entry that go-keyring's Get would read, in three D-Bus round trips
// instead of go-keyring's seven (docs/benchmarks.md): `token` runs it on every call.
//
// go-keyring's Get reads the service's collections, unlocks the login collection,
// searches it, opens a session, unlocks the item, reads it and closes the session.
// quickGet searches the whole service, opens a session, reads the item and closes the
// session without waiting for the answer. It answers only when the entry is unlocked in
// the login collection, the entry go-keyring reads without asking anything. Anything
// else (no entry, a locked one, which needs go-keyring's unlock prompt, an entry only in
// another collection as with KWallet or KeePassXC, any D-Bus error) returns errUndecided,
// and the caller asks go-keyring, which gives the full answer and the errors people know.
//
// The calls go one after another, and the search comes first, on purpose: gnome-keyring
// 42 aborts now and then when a connection's first call to it is OpenSession, or comes in
// the same round as one, and the caller dies before the answer (a `token` killed at
// start-up, as e2e's crash test does), and when a collection's property is read that
// way. Every stored secret goes down with it until D-Bus starts it again, locked. A
// search first, answered before anything else is sent, passed 3000 such kills where
// the earlier orders failed within 25-400 (docs/benchmarks.md, round 4);
// TestIntegrationQuickGetSearchesFirstAndAlone holds it to that order.
func quickGet(service, user string) (string, error) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return "", errUndecided
	}
	return quickGetOn(conn, service, user)
}

// quickGetOn is quickGet on the connection conn.
func quickGetOn(conn *dbus.Conn, service, user string) (string, error) {
	svc := conn.Object(secretsName, secretsPath)
	attrs := map[string]string{"username": user, "service": service}
	var unlocked, locked []dbus.ObjectPath
	if err := svc.Call(secretsService+".SearchItems", 0, attrs).Store(&unlocked, &locked); err != nil {
		return "", errUndecided
	}
	item, ok := pickItem(unlocked)
	if !ok {
		return "", errUndecided
	}
	var session dbus.ObjectPath
	var output dbus.Variant
	if err := svc.Call(secretsService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&output, &session); err != nil {
		return "", errUndecided
	}
	// Closed without waiting: nothing depends on the answer, and the service also ends
	// a session when its connection goes.
	defer conn.Object(secretsName, session).Go(secretsSession+".Close", dbus.FlagNoReplyExpected, nil)
	var secrets map[dbus.ObjectPath]ss.Secret
	if err := svc.Call(secretsService+".GetSecrets", 0, []dbus.ObjectPath{item}, session).Store(&secrets); err != nil {
		return "", errUndecided
	}
	s, ok := secrets[item]
	if !ok {
		return "", errUndecided // locked between the search and the read
	}
	return string(s.Value), nil
}

// pickItem is the first item of the login collection among a search's unlocked items.
func pickItem(unlocked []dbus.ObjectPath) (dbus.ObjectPath, bool) {
	for _, p := range unlocked {
		if strings.HasPrefix(string(p), loginCollection) {
			return p, true
		}
	}
	return "", false
}

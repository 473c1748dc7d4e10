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
	loginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
)

// quickGet reads an entry that go-keyring's Get would read, in three D-Bus round trips
// instead of go-keyring's eight (docs/benchmarks.md): `token` runs it on every call.
//
// go-keyring's Get looks the login collection up, unlocks it, searches it, opens a
// session, unlocks the item, reads it and closes the session, each call waiting for the
// one before. quickGet asks whether the login collection is locked, searches the whole
// service and opens a session all at once, reads the item, and closes the session
// without waiting for the answer. It answers only when the outcome is the one go-keyring
// would give without asking anything:
//
//   - the entry is unlocked in the login collection: its secret;
//   - the login collection is unlocked and no collection has the entry, locked or not:
//     ErrNotFound (go-keyring searches the login collection).
//
// Anything else (a locked entry, which needs go-keyring's unlock prompt; an entry only in
// another collection, as with KWallet or KeePassXC; any D-Bus error) returns errUndecided,
// and the caller asks go-keyring, which gives the full answer and the errors people know.
func quickGet(service, user string) (string, error) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return "", errUndecided
	}
	svc := conn.Object(secretsName, secretsPath)
	attrs := map[string]string{"username": user, "service": service}
	lockedLogin := conn.Object(secretsName, loginCollection).Go("org.freedesktop.DBus.Properties.Get", 0, nil,
		"org.freedesktop.Secret.Collection", "Locked")
	search := svc.Go(secretsService+".SearchItems", 0, nil, attrs)
	open := svc.Go(secretsService+".OpenSession", 0, nil, "plain", dbus.MakeVariant(""))

	loginLocked := true // also when there is no login collection: go-keyring then uses another
	if err := (<-lockedLogin.Done).Store(&loginLocked); err != nil {
		loginLocked = true
	}
	var unlocked, locked []dbus.ObjectPath
	searchErr := (<-search.Done).Store(&unlocked, &locked)
	var session dbus.ObjectPath
	var output dbus.Variant
	if err := (<-open.Done).Store(&output, &session); err != nil {
		return "", errUndecided
	}
	// Closed without waiting: nothing depends on the answer, and the service also ends
	// a session when its connection goes.
	defer conn.Object(secretsName, session).Go(secretsSession+".Close", dbus.FlagNoReplyExpected, nil)
	if searchErr != nil {
		return "", errUndecided
	}

	item, found, decided := pickItem(!loginLocked, unlocked, locked)
	switch {
	case !decided:
		return "", errUndecided
	case !found:
		return "", ErrNotFound
	}
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

// pickItem decides a quickGet from a service-wide search: the first unlocked item of the
// login collection (found); no item anywhere while the login collection is open (not
// found); or no decision, which leaves the answer to go-keyring.
func pickItem(loginOpen bool, unlocked, locked []dbus.ObjectPath) (item dbus.ObjectPath, found, decided bool) {
	for _, p := range unlocked {
		if strings.HasPrefix(string(p), string(loginCollection)+"/") {
			return p, true, true
		}
	}
	if loginOpen && len(unlocked) == 0 && len(locked) == 0 {
		return "", false, true
	}
	return "", false, false
}

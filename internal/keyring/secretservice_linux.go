//go:build linux

package keyring

import (
	"maps"
	"strings"

	"github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"
	ss "github.com/zalando/go-keyring/secret_service"
)

// The Secret Service names used here (the freedesktop.org Secret Service API).
const (
	secretsName     = "org.freedesktop.secrets"
	secretsPath     = dbus.ObjectPath("/org/freedesktop/secrets")
	secretsService  = "org.freedesktop.Secret.Service"
	secretsSession  = "org.freedesktop.Secret.Session"
	secretsItem     = "org.freedesktop.Secret.Item"
	propertiesGet   = "org.freedesktop.DBus.Properties.Get"
	loginCollection = "/org/freedesktop/secrets/collection/login/"
)

// entryAttributes are the attributes of an entry's item: go-keyring gives it these two,
// and no other. A search finds every item that has them, also one with more: a decoy
// that another program of the session made to be read in the entry's place, or deleted
// in its stead. When a search finds more than one, only an item with exactly these is the
// entry (isEntry); a lone item is read as it is, at no cost to `token` (see fullGet).
func entryAttributes(service, user string) map[string]string {
	return map[string]string{"username": user, "service": service}
}

// schemaAttribute names an item's schema. The Secret Service may add it by itself
// (gnome-keyring 42 gives the first item of a new keyring xdg:schema =
// org.freedesktop.Secret.Generic), so it is no sign of a decoy.
const schemaAttribute = "xdg:schema"

// isEntry reports whether an item's Attributes property (v) is exactly attrs, but for
// schemaAttribute.
func isEntry(v dbus.Variant, attrs map[string]string) bool {
	got, ok := v.Value().(map[string]string)
	if !ok {
		return false
	}
	if _, ok := got[schemaAttribute]; ok {
		got = maps.Clone(got)
		delete(got, schemaAttribute)
	}
	return maps.Equal(got, attrs)
}

// quickGet reads an entry that go-keyring's Get would read, in three D-Bus round trips
// instead of go-keyring's seven (docs/benchmarks.md): `token` runs it on every call.
//
// go-keyring's Get reads the service's collections, unlocks the login collection,
// searches it, opens a session, unlocks the item, reads it and closes the session.
// quickGet searches the whole service, opens a session, reads the item and closes the
// session without waiting for the answer. When the search finds several items in the
// login collection, it reads their attributes in the round that reads the secrets (the
// calls go out together; gnome-keyring takes ~0.7 ms an item for them, so never on the
// common path of one item), and answers with the entry's. It answers only when the entry
// is unlocked in the login collection, the entry go-keyring reads without asking
// anything. Anything else (no entry, a locked one, which needs go-keyring's unlock
// prompt, an entry only in another collection as with KWallet or KeePassXC, several
// items and none exactly the entry's, any D-Bus error) returns errUndecided, and the
// caller asks fullGet, which gives the full answer and the errors people know.
//
// The calls go one round after another, and the search comes first, on purpose:
// gnome-keyring 42 aborts now and then when a connection's first call to it is
// OpenSession, or comes in the same round as one, and the caller dies before the answer
// (a `token` killed at start-up, as e2e's crash test does), and when a collection's
// property is read that way. Every stored secret goes down with it until D-Bus starts it
// again, locked. A search first, answered before anything else is sent, passed 3000 such
// kills where the earlier orders failed within 25-400 (docs/benchmarks.md, the keyring read);
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
	attrs := entryAttributes(service, user)
	var unlocked, locked []dbus.ObjectPath
	if err := svc.Call(secretsService+".SearchItems", 0, attrs).Store(&unlocked, &locked); err != nil {
		return "", errUndecided
	}
	items := loginItems(unlocked)
	if len(items) == 0 {
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
	read := svc.Go(secretsService+".GetSecrets", 0, nil, items, session)
	var kinds []*dbus.Call // the items' attributes, when there is more than one to choose from
	if len(items) > 1 {
		kinds = make([]*dbus.Call, len(items))
		for i, item := range items {
			kinds[i] = conn.Object(secretsName, item).Go(propertiesGet, 0, nil, secretsItem, "Attributes")
		}
	}
	var secrets map[dbus.ObjectPath]ss.Secret
	if err := (<-read.Done).Store(&secrets); err != nil {
		return "", errUndecided
	}
	for i, item := range items { // the first entry in the search's order, as fullGet
		if kinds != nil {
			var v dbus.Variant
			if err := (<-kinds[i].Done).Store(&v); err != nil {
				return "", errUndecided
			}
			if !isEntry(v, attrs) {
				continue
			}
		}
		s, ok := secrets[item]
		if !ok {
			return "", errUndecided // locked between the search and the read
		}
		return string(s.Value), nil
	}
	return "", errUndecided
}

// loginItems are the items of the login collection among a search's unlocked items.
func loginItems(unlocked []dbus.ObjectPath) []dbus.ObjectPath {
	var items []dbus.ObjectPath
	for _, p := range unlocked {
		if strings.HasPrefix(string(p), loginCollection) {
			items = append(items, p)
		}
	}
	return items
}

// fullGet is go-keyring's Get, made to read the entry's item when the search finds
// several: it unlocks the login collection (which may ask the person), searches it, keeps
// the first item whose attributes are exactly the entry's (or the only item found), and
// reads it. Its errors are go-keyring's.
//
// A lone item is read without looking at its attributes, here and in quickGet, so that
// `token` makes no extra call: such an item could only have been made by a program of the
// same user, which could as well write the entry itself; and a sign-out removes it
// (deleteEntry), so nothing is left that reads as a session.
func fullGet(service, user string) (string, error) {
	svc, err := ss.NewSecretService()
	if err != nil {
		return "", err
	}
	found, err := searchLogin(svc, service, user)
	if err != nil {
		return "", err
	}
	item, err := entryItem(svc, found, entryAttributes(service, user))
	if err != nil {
		return "", err
	}
	session, err := svc.OpenSession()
	if err != nil {
		return "", err
	}
	defer svc.Close(session)
	if err := svc.Unlock(item); err != nil {
		return "", err
	}
	secret, err := svc.GetSecret(item, session.Path())
	if err != nil {
		return "", err
	}
	return string(secret.Value), nil
}

// deleteEntry removes every item that has the entry's attributes from the login
// collection, those with more (decoys) included, where go-keyring removes the first one
// its search finds: so that after a sign-out nothing is left that reads as the session.
func deleteEntry(service, user string) error {
	svc, err := ss.NewSecretService()
	if err != nil {
		return err
	}
	found, err := searchLogin(svc, service, user)
	if err != nil {
		return err
	}
	for _, item := range found {
		if err := svc.Delete(item); err != nil {
			return err
		}
	}
	return nil
}

// searchLogin unlocks the login collection (which may ask the person) and returns every
// item in it that has the entry's attributes, in the order of the Secret Service's
// search; gokeyring.ErrNotFound when there is none.
func searchLogin(svc *ss.SecretService, service, user string) ([]dbus.ObjectPath, error) {
	collection := svc.GetLoginCollection()
	if err := svc.Unlock(collection.Path()); err != nil {
		return nil, err
	}
	found, err := svc.SearchItems(collection, entryAttributes(service, user))
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, gokeyring.ErrNotFound
	}
	return found, nil
}

// entryItem is the only item found, or the first of several whose attributes are
// exactly attrs; gokeyring.ErrNotFound when none of several is.
func entryItem(svc *ss.SecretService, found []dbus.ObjectPath, attrs map[string]string) (dbus.ObjectPath, error) {
	if len(found) == 1 {
		return found[0], nil
	}
	for _, item := range found {
		v, err := svc.Object(secretsName, item).GetProperty(secretsItem + ".Attributes")
		if err != nil {
			return "", err
		}
		if isEntry(v, attrs) {
			return item, nil
		}
	}
	return "", gokeyring.ErrNotFound
}

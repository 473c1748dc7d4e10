//go:build integration && linux

package keyring

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// An entry is the item with exactly the attributes the app writes (service and
// username). Another item of the same user with one attribute more — a decoy, as
// `secret-tool store … service S username U decoy 1` makes — is never read in the
// entry's place, and a delete removes every item a search finds, decoys included, so
// that a sign-out leaves nothing to read.

// storeDecoy puts an item with the entry's attributes and one more into the login
// collection.
func storeDecoy(t *testing.T, service, user, secret string) {
	t.Helper()
	if _, err := secretTool(t, secret, "store", "--label=decoy", "service", service, "username", user, "decoy", secret); err != nil {
		t.Fatal(err)
	}
}

func TestIntegrationADecoyIsNeverRead(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	// gnome-keyring answers a search in an order of its own, and go-keyring's Set replaces
	// the first item that has the entry's attributes, a decoy included (it then becomes
	// the entry): so the entry here is made without replacing anything, between two
	// decoys, and the old code read one of them.
	storeDecoy(t, svc, "ada", "tok-decoy")
	createItem(t, svc, "ada", "tok-real")
	storeDecoy(t, svc, "ada", "tok-decoy-2") // one after it too
	for range 3 {
		if got, err := s.Get(ctx, svc, "ada"); err != nil || got != "tok-real" {
			t.Fatalf("Get = %q, %v; want the entry's tok-real, never a decoy's", got, err)
		}
	}
	if got, err := quickGet(svc, "ada"); err != nil || got != "tok-real" {
		t.Errorf("quickGet = %q, %v; want tok-real", got, err)
	}

	// A refresh's Set replaces the first item found: the decoy, which becomes the entry.
	// The new secret is what is read.
	if err := s.Set(ctx, svc, "ada", "tok-new"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, svc, "ada"); err != nil || got != "tok-new" {
		t.Errorf("Get after Set = %q, %v; want tok-new", got, err)
	}
}

// A lone decoy is read as the entry (see fullGet: telling it apart would cost `token`
// a call each time); a sign-out removes it.
func TestIntegrationDeleteRemovesALoneDecoy(t *testing.T) {
	s, svc := realStore(t), testService(t)
	storeDecoy(t, svc, "ada", "tok-decoy")
	if err := s.Delete(context.Background(), svc, "ada"); err != nil {
		t.Fatalf("Delete with only a decoy: %v", err)
	}
	if got, err := s.Get(context.Background(), svc, "ada"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete = %q, %v; want ErrNotFound", got, err)
	}
	if n := countItems(t, svc, "ada"); n != 0 {
		t.Errorf("%d items left after Delete; want none", n)
	}
}

func TestIntegrationDeleteRemovesEveryItemOfTheEntry(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	if err := s.Set(ctx, svc, "ada", "tok-real"); err != nil {
		t.Fatal(err)
	}
	createItem(t, svc, "ada", "tok-copy") // a second item with the same attributes
	storeDecoy(t, svc, "ada", "tok-decoy")
	if err := s.Delete(ctx, svc, "ada"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, svc, "ada"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete = %q, %v; want ErrNotFound", got, err)
	}
	out, _ := secretTool(t, "", "search", "--all", "service", svc, "username", "ada")
	if strings.Contains(out, "tok-real") || strings.Contains(out, "tok-copy") {
		t.Errorf("secret-tool still finds the entry after Delete:\n%s", out)
	}
	if n := countItems(t, svc, "ada"); n != 0 {
		t.Errorf("%d items left, want none", n)
	}
	if err := s.Delete(ctx, svc, "ada"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a second Delete: %v; want ErrNotFound", err)
	}
}

// createItem adds an item with exactly the entry's attributes to the login collection
// without replacing the one there (go-keyring and secret-tool replace it).
func createItem(t *testing.T, service, user, secret string) {
	t.Helper()
	svc, err := ss.NewSecretService()
	if err != nil {
		t.Fatal(err)
	}
	session, err := svc.OpenSession()
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close(session)
	props := map[string]dbus.Variant{
		"org.freedesktop.Secret.Item.Label":      dbus.MakeVariant("copy"),
		"org.freedesktop.Secret.Item.Attributes": dbus.MakeVariant(map[string]string{"service": service, "username": user}),
	}
	var item, prompt dbus.ObjectPath
	err = svc.GetLoginCollection().Call("org.freedesktop.Secret.Collection.CreateItem", 0,
		props, ss.NewSecret(session.Path(), secret), false).Store(&item, &prompt)
	if err != nil || prompt != "/" {
		t.Fatalf("CreateItem: %v (prompt %s)", err, prompt)
	}
}

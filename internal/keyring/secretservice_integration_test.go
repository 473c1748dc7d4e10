//go:build integration && linux

package keyring

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// quickGet must answer the common cases itself (or `token` gains nothing) and leave
// every other case to go-keyring, whose answer System.Get then gives.

func TestIntegrationQuickGetReadsAnUnlockedEntry(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	if err := s.Set(ctx, svc, "ada", "tok-ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := secretTool(t, "tok-grace", "store", "--label=grace", "service", svc, "username", "grace"); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]string{"ada": "tok-ada", "grace": "tok-grace"} {
		got, err := quickGet(svc, user)
		if err != nil || got != want {
			t.Errorf("quickGet(%s) = %q, %v; want %q, nil", user, got, err, want)
		}
	}
}

// A missing entry is go-keyring's to judge: only it knows whether the login collection is
// locked (and then asks to unlock it) or there is nothing to find.
func TestIntegrationQuickGetLeavesAMissingEntryToGoKeyring(t *testing.T) {
	s, svc := realStore(t), testService(t)
	if _, err := quickGet(svc, "nobody"); err != errUndecided {
		t.Errorf("quickGet of a missing entry: err = %v, want errUndecided", err)
	}
	if _, err := s.Get(context.Background(), svc, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing entry: err = %v, want ErrNotFound", err)
	}
}

// An entry in another collection than login (gnome-keyring's "session" collection here;
// KeePassXC's or KWallet's own elsewhere) is go-keyring's to judge: it searches only the
// login collection, so System.Get says not found, as before quickGet.
func TestIntegrationQuickGetLeavesOtherCollectionsToGoKeyring(t *testing.T) {
	s, svc := realStore(t), testService(t)
	if _, err := secretTool(t, "tok-elsewhere", "store", "--label=elsewhere", "--collection=session",
		"service", svc, "username", "ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := quickGet(svc, "ada"); err != errUndecided {
		t.Errorf("quickGet of an entry outside the login collection: err = %v, want errUndecided", err)
	}
	if got, err := s.Get(context.Background(), svc, "ada"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get = %q, %v; want ErrNotFound, as go-keyring alone says", got, err)
	}
}

// TestIntegrationQuickGetSearchesFirstAndAlone holds quickGet to its order against a fake
// Secret Service on a bus of its own: the search must be answered before anything else is
// sent (gnome-keyring 42 can abort otherwise; see quickGet). The fake holds the search's
// answer back; a call sent behind it on the same connection (messages from one connection
// arrive in order) must then be the next thing the fake receives.
func TestIntegrationQuickGetSearchesFirstAndAlone(t *testing.T) {
	addr := bareBus(t)
	arrived := make(chan string, 16)
	server, err := dbus.Connect(addr, dbus.WithIncomingInterceptor(func(m *dbus.Message) {
		if m.Type == dbus.TypeMethodCall {
			member, _ := m.Headers[dbus.FieldMember].Value().(string)
			arrived <- member
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if reply, err := server.RequestName(secretsName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v, %v", secretsName, reply, err)
	}
	fake := &fakeSecrets{release: make(chan struct{})}
	if err := server.Export(fake, secretsPath, secretsService); err != nil {
		t.Fatal(err)
	}
	if err := server.Export(fake, fakeSessionPath, secretsSession); err != nil {
		t.Fatal(err)
	}
	client, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	type result struct {
		secret string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		s, err := quickGetOn(client, "svc", "ada")
		done <- result{s, err}
	}()
	next := func() string {
		t.Helper()
		select {
		case m := <-arrived:
			return m
		case <-time.After(10 * time.Second): // a failsafe, not the decision
			t.Fatal("the fake Secret Service received nothing more")
			return ""
		}
	}
	if m := next(); m != "SearchItems" {
		t.Fatalf("first call: %s, want SearchItems", m)
	}
	client.Object(secretsName, "/barrier").Go("org.example.Barrier", dbus.FlagNoReplyExpected, nil)
	if m := next(); m != "Barrier" {
		t.Fatalf("quickGet sent %s before the search was answered", m)
	}
	close(fake.release)
	for _, want := range []string{"OpenSession", "GetSecrets", "Close"} {
		if m := next(); m != want {
			t.Errorf("then %s, want %s", m, want)
		}
	}
	if r := <-done; r.err != nil || r.secret != "tok-fake" {
		t.Errorf("quickGetOn = %q, %v; want tok-fake, nil", r.secret, r.err)
	}
}

// fakeSessionPath is the session fakeSecrets opens.
const fakeSessionPath = dbus.ObjectPath("/org/freedesktop/secrets/session/1")

// fakeSecrets is a Secret Service with one unlocked entry in the login collection; its
// search answers once release is closed.
type fakeSecrets struct{ release chan struct{} }

func (f *fakeSecrets) SearchItems(map[string]string) ([]dbus.ObjectPath, []dbus.ObjectPath, *dbus.Error) {
	<-f.release
	return []dbus.ObjectPath{loginCollection + "1"}, nil, nil
}

func (f *fakeSecrets) OpenSession(string, dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return dbus.MakeVariant(""), fakeSessionPath, nil
}

func (f *fakeSecrets) GetSecrets(items []dbus.ObjectPath, session dbus.ObjectPath) (map[dbus.ObjectPath]ss.Secret, *dbus.Error) {
	out := map[dbus.ObjectPath]ss.Secret{}
	for _, item := range items {
		out[item] = ss.Secret{Session: session, Value: []byte("tok-fake"), ContentType: "text/plain"}
	}
	return out, nil
}

func (f *fakeSecrets) Close() *dbus.Error { return nil }

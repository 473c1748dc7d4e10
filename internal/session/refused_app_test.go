package session

import (
	"context"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// AtomGit refusing the app's client secret after the person approved is the app's
// settings, named as the person gave them, not "AtomGit refused the sign-in".
func TestAWrongClientSecretIsNamedAsTheAppsSetting(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.m.opts.Client.ClientSecret = "not-the-secret"
	f.m.opts.SettingName = func(key string) string { return "NAME-OF-" + key }
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
		t.Fatal(err)
	}
	st := f.waitState(Failed)
	if p := st.Error; p == nil || p.Code != CodeClientRefused || p.Key != "client_secret" || p.Setting != "NAME-OF-client_secret" || p.Detail == "" {
		t.Errorf("problem %+v", p)
	}
}

// An app that may not sign in this way (unauthorized_client on the callback) names its
// client id.
func TestAnUnauthorizedClientOnTheCallbackNamesTheClientID(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{ClientNotAuthorized: true})
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err == nil {
		t.Fatal("the stand-in showed its authorize page to an app that may not sign in")
	}
	st := f.waitState(Failed)
	if p := st.Error; p == nil || p.Code != CodeClientRefused || p.Key != "client_id" || p.Setting != "client_id" {
		t.Errorf("problem %+v", p)
	}
	if f.srv.Stats().Exchanges != 0 {
		t.Error("a code was exchanged")
	}
}

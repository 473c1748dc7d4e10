//go:build integration && packaged

package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestBuiltInSettingsSignIn: a package built with an OAuth app's settings built in
// (scripts/package --settings FILE, FILE named by ATOMGIT_E2E_BUILT_IN) opens on "Sign in
// with AtomGit", not on the unconfigured screen, and signs in against the stand-in those
// settings name, with no config file and no ATOMGIT_* variable of the person's.
// scripts/test-package builds that package, installs it and runs this test alone, with
// the tag packaged.
func TestBuiltInSettingsSignIn(t *testing.T) {
	preconditions(t)
	path := os.Getenv("ATOMGIT_E2E_BUILT_IN")
	if path == "" {
		t.Fatal("run through scripts/test-package: ATOMGIT_E2E_BUILT_IN names the settings the package was built with")
	}
	var built map[string]string
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &built)
	}
	if err != nil {
		t.Fatalf("the built-in settings: %v", err)
	}
	authorize, err := url.Parse(built["authorize_url"])
	if err != nil || authorize.Host == "" {
		t.Fatalf("the built-in settings have no authorize_url with a host: %q", built["authorize_url"])
	}

	// The stand-in, where the built-in settings say it is.
	srv := fakeatomgit.New(fakeatomgit.Options{ClientID: built["client_id"], ClientSecret: built["client_secret"],
		RedirectURIs: []string{built["redirect_uri"]}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := srv.Start(ctx, authorize.Host); err != nil {
		t.Fatal(err)
	}
	stats := func() fakeatomgit.Stats { return srv.Stats() }
	wait := func(pred func(fakeatomgit.Stats) bool) {
		t.Helper()
		waitFake(t, func(ctx context.Context) error { return srv.Wait(ctx, pred) })
	}

	// Nothing of the person's: no ATOMGIT_* variable, an empty config folder, no system file.
	env := personWithNothingSet(t)
	if stdout, stderr, code := run(t, env, "config"); code != 0 || !builtIn(stdout, "client_id", built["client_id"]) {
		t.Fatalf("config (exit %d) does not show the built-in client id:\n%s%s", code, stdout, stderr)
	}

	a := startProgram(t, windowBinary, "built-in", env) // as the menu starts it
	a.waitShown("signed_out")                           // "Sign in with AtomGit", not "unconfigured"
	screenshot(t, "built-in-1-sign-in")
	focusWindow(t)
	keys(t, "Return")
	wait(func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	logIn(t)
	wait(func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	keys(t, "Return")
	a.waitShown("signed_in")
	screenshot(t, "built-in-2-signed-in")
	if s := stats(); s.Exchanges != 1 || s.UserCalls != 1 {
		t.Errorf("the stand-in saw %+v", s)
	}
	if st, code := status(t, env); code != 0 || !st.SignedIn || st.Login != fakeatomgit.DefaultUsername || st.Demo {
		t.Errorf("status --json = %+v (exit %d)", st, code)
	}
	if strings.Contains(a.log.all(), built["client_secret"]) {
		t.Error("the window's log holds the built-in client secret")
	}
}

// builtIn reports whether config's output lists key with value, from the built-in
// settings.
func builtIn(config, key, value string) bool {
	for _, line := range strings.Split(config, "\n") {
		if f := strings.Fields(line); len(f) >= 5 && f[0] == key && f[2] == value && strings.Join(f[3:], " ") == "built in" {
			return true
		}
	}
	return false
}

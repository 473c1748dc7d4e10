package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A wrong client secret, after the person approved, is said to be the app's settings:
// which setting, where its value comes from, and the config file; in both languages.
func TestLoginWithAWrongClientSecretNamesTheSetting(t *testing.T) {
	approve := func(url string) {
		_ = (&fakeatomgit.Browser{}).Approve(context.Background(), url)
	}
	for _, tc := range []struct {
		name string
		set  func(f *fixture)
		want []string
	}{
		{"from the environment", func(f *fixture) { f.vars["ATOMGIT_CLIENT_SECRET"] = "s3cret-not-this-one" }, []string{
			"sign-in to 127.0.0.1", "failed: AtomGit refused this app's settings, not your account (AtomGit said: Client authentication failed); " +
				"check client_secret, whose value comes from the variable ATOMGIT_CLIENT_SECRET (config file: ",
			"); atomgit-login diagnose checks the settings"}},
		{"from the config file", func(f *fixture) {
			delete(f.vars, "ATOMGIT_CLIENT_SECRET")
			if err := os.WriteFile(f.vars["ATOMGIT_CONFIG"], []byte(`{"client_secret": "s3cret-not-this-one"}`), 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"check client_secret, whose value comes from the config file (config file: "}},
		{"in Chinese", func(f *fixture) {
			f.vars["ATOMGIT_CLIENT_SECRET"], f.vars["LC_ALL"] = "s3cret-not-this-one", "zh_CN.UTF-8"
		}, []string{
			"AtomGit 拒绝的是本应用的设置，而不是你的账户（AtomGit 说：Client authentication failed）；请检查 client_secret，它的值来自环境变量 ATOMGIT_CLIENT_SECRET（配置文件："}},
	} {
		f := newFixture(t)
		tc.set(f)
		code, errs := browserLogin(t, f, approve)
		for _, w := range append(tc.want, f.vars["ATOMGIT_CONFIG"]) {
			if code != ExitNo || !strings.Contains(errs, w) {
				t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.name, code, errs, w)
			}
		}
		if strings.Contains(errs, "s3cret-not-this-one") {
			t.Errorf("%s: the secret is in the message: %q", tc.name, errs)
		}
	}
}

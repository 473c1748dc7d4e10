package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// diagnose runs `diagnose` (with args) in the fixture, the window build answering
// checkWindow, and returns the exit code and what it printed.
func (f *fixture) diagnose(checkWindow func(context.Context) error, args ...string) (int, string, string) {
	f.t.Helper()
	var out, errs strings.Builder
	code := Main(append([]string{"diagnose"}, args...), Deps{Stdout: &out, Stderr: &errs, Getenv: f.getenv, Keyring: f.store,
		Desktop: func(context.Context, *wiring.Env) error { return nil }, CheckWindow: checkWindow})
	return code, out.String(), errs.String()
}

// tally is a keyring that counts the entries written, and keeps those not deleted.
type tally struct {
	keyring.Store
	mu   sync.Mutex // guards the fields below
	sets int
	live map[string]bool
}

func (k *tally) Set(ctx context.Context, service, user, secret string) error {
	k.mu.Lock()
	k.sets++
	k.live[service+"/"+user] = true
	k.mu.Unlock()
	return k.Store.Set(ctx, service, user, secret)
}

func (k *tally) Delete(ctx context.Context, service, user string) error {
	k.mu.Lock()
	delete(k.live, service+"/"+user)
	k.mu.Unlock()
	return k.Store.Delete(ctx, service, user)
}

// windowOK is a window build that can open its display.
func windowOK(context.Context) error { return nil }

// line is the line of out for the check named name (its ✓ or ✗ included), the first that
// failed when there are several (one a host), "" for none.
func line(out, name string) string {
	found := ""
	for l := range strings.Lines(out) {
		if strings.HasPrefix(l[strings.Index(l, " ")+1:], name+": ") && (found == "" || strings.HasPrefix(l, "✗")) {
			found = strings.TrimSpace(l)
		}
	}
	return found
}

// With everything in order every check passes, one line each, exit 0, and nothing secret
// is printed.
func TestDiagnoseAllWell(t *testing.T) {
	f := newFixture(t)
	kept := &tally{Store: f.store, live: map[string]bool{}}
	f.store = kept
	code, out, errs := f.diagnose(windowOK)
	if code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errs)
	}
	if l := line(out, "D-Bus"); runtime.GOOS == "linux" && !strings.HasPrefix(l, "– ") {
		t.Errorf("D-Bus with a keyring of the test's: %q, want not checked", l)
	}
	for _, name := range []string{"version", "settings", "storage", "display", "callback address", "host", "clock", "app (authorize)", "app (token)", "proxy", "windows"} {
		if l := line(out, name); !strings.HasPrefix(l, "✓ ") {
			t.Errorf("%s: %q, want ✓\n%s", name, l, out)
		}
	}
	if strings.Contains(out, fakeatomgit.DefaultClientSecret) || strings.Contains(out, "****") {
		t.Errorf("the secret, or a part of it, is printed:\n%s", out)
	}
	for _, want := range []string{": a test entry written, read and deleted in ", "host: " + f.host() + " (authorize, token, user): no TLS (http, this machine only), HTTP 400 in "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if kept.sets != 1 || len(kept.live) != 0 {
		t.Errorf("%d entries written, %v left in the keyring; want 1 written and none left", kept.sets, kept.live)
	}
}

// Each planted fault is found and said with its fix, and the exit code is 1.
func TestDiagnoseFindsEachFault(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	for _, tc := range []struct {
		name   string
		plant  func(f *fixture) func(context.Context) error
		check  string
		want   []string
		others bool // the other checks still pass
	}{
		{"a held port", func(f *fixture) func(context.Context) error {
			f.vars["ATOMGIT_REDIRECT_URI"] = "http://" + held.Addr().String() + "/callback"
			return windowOK
		}, "callback address", []string{"is held by", "→ stop it, or change redirect_uri (ATOMGIT_REDIRECT_URI)"}, true},
		{"an unreachable host", func(f *fixture) func(context.Context) error {
			f.vars["ATOMGIT_TOKEN_URL"] = "http://" + closed.Addr().String() + "/login/oauth/access_token"
			return windowOK
		}, "host", []string{closed.Addr().String() + " (token): cannot connect", "→ check the network"}, false},
		{"no display", func(*fixture) func(context.Context) error {
			return func(context.Context) error { return &desktop.DisplayError{Variable: "DISPLAY", Display: ":99"} }
		}, "display", []string{"the window cannot open: the display :99 (DISPLAY) cannot be opened → sign in with atomgit-login login --browser"}, true},
		{"a wrong client secret", func(f *fixture) func(context.Context) error {
			f.vars["ATOMGIT_CLIENT_SECRET"] = "not-the-secret"
			return windowOK
		}, "app (token)", []string{"refuses the app's client id or secret (Client authentication failed) → check client_secret, whose value comes from the variable ATOMGIT_CLIENT_SECRET"}, true},
		{"an unknown client id", func(f *fixture) func(context.Context) error {
			f.vars["ATOMGIT_CLIENT_ID"] = "not-registered"
			return windowOK
		}, "app (authorize)", []string{"refuses the app's request (HTTP 400: ", "client_id) is not registered", "→ check client_id, whose value comes from the variable ATOMGIT_CLIENT_ID"}, false},
		{"a broken setting", func(f *fixture) func(context.Context) error {
			f.vars["ATOMGIT_PROFILE"] = "bogus"
			return windowOK
		}, "settings", []string{"the settings cannot be used: config: ATOMGIT_PROFILE", "→ correct the setting"}, false},
	} {
		f := newFixture(t)
		code, out, _ := f.diagnose(tc.plant(f))
		l := line(out, tc.check)
		if code != ExitNo || !strings.HasPrefix(l, "✗ ") {
			t.Errorf("%s: exit %d, %q; want 1 and ✗\n%s", tc.name, code, l, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(l, w) {
				t.Errorf("%s: %q lacks %q", tc.name, l, w)
			}
		}
		if !tc.others {
			continue
		}
		if n := strings.Count(out, "✗ "); n != 1 {
			t.Errorf("%s: %d checks failed, want only %s:\n%s", tc.name, n, tc.check, out)
		}
	}
}

// A server whose clock is 10 minutes ahead: this machine's is said to be behind.
func TestDiagnoseFindsAClockOff(t *testing.T) {
	f := newFixture(t)
	ts := httptest.NewServer(fakeatomgit.New(fakeatomgit.Options{DateSkew: 10 * time.Minute}))
	defer ts.Close()
	for k, path := range map[string]string{"AUTHORIZE": "/login/oauth/authorize", "TOKEN": "/login/oauth/access_token", "USER": "/user/info"} {
		f.vars["ATOMGIT_"+k+"_URL"] = ts.URL + path
	}
	code, out, _ := f.diagnose(windowOK)
	host := strings.TrimPrefix(ts.URL, "http://")
	// The server's Date is whole seconds: its clock reads up to a second less.
	want := regexp.MustCompile(`^✗ clock: this machine's clock is (9m59s|10m0s) behind ` + regexp.QuoteMeta(host) + `'s → set the clock right`)
	if l := line(out, "clock"); code != ExitNo || !want.MatchString(l) {
		t.Errorf("exit %d, %q; want 1 and %s", code, l, want)
	}
}

// --json is one object for tools, in English whatever the locale.
func TestDiagnoseJSON(t *testing.T) {
	f := newFixture(t)
	f.vars["LC_ALL"] = "zh_CN.UTF-8"
	f.vars["ATOMGIT_CLIENT_SECRET"] = "not-the-secret"
	code, out, _ := f.diagnose(windowOK, "--json")
	var got DiagnoseJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one JSON object: %v: %s", err, out)
	}
	failed := map[string]Finding{}
	for _, c := range got.Checks {
		if !c.OK {
			failed[c.ID] = c
		}
	}
	if code != ExitNo || got.OK || len(failed) != 1 || failed["app_token"].Data["setting"] != "client_secret" ||
		!strings.HasPrefix(failed["app_token"].Fix, "check client_secret") {
		t.Errorf("exit %d, %+v", code, got)
	}
	if strings.Contains(out, "not-the-secret") {
		t.Error("the secret is in the JSON")
	}
}

// In Chinese, every line says what it found in Chinese.
func TestDiagnoseInChinese(t *testing.T) {
	f := newFixture(t)
	f.vars["LC_ALL"] = "zh_CN.UTF-8"
	f.vars["ATOMGIT_CLIENT_SECRET"] = "not-the-secret"
	_, out, _ := f.diagnose(windowOK)
	for _, want := range []string{"✓ 版本：", "✓ 存储：", "✓ 回调地址：", "✗ 应用（令牌）：AtomGit 的令牌端点拒绝了本应用的 Client ID 或 Secret", "→ 请检查 client_secret，它的值来自环境变量 ATOMGIT_CLIENT_SECRET"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// With storage = file the test entry goes to a file of its own beside the tokens, and
// nothing of it is left.
func TestDiagnoseStorageInAFile(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	f.vars["ATOMGIT_CONFIG"] = filepath.Join(dir, "config.json")
	if err := os.WriteFile(f.vars["ATOMGIT_CONFIG"], []byte(`{"storage": "file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	code := Main([]string{"diagnose"}, Deps{Stdout: &out, Stderr: &out, Getenv: f.getenv, CheckWindow: windowOK,
		Desktop: func(context.Context, *wiring.Env) error { return nil }})
	if l := line(out.String(), "storage"); code != ExitOK || !strings.HasPrefix(l, "✓ storage: a file beside "+filepath.Join(dir, "tokens.json")) {
		t.Errorf("exit %d, %q\n%s", code, l, out.String())
	}
	if runtime.GOOS == "linux" && !strings.Contains(line(out.String(), "D-Bus"), "not needed") {
		t.Errorf("D-Bus: %q", line(out.String(), "D-Bus"))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".diagnose-*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/contract"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// zh switches the fixture to a Chinese locale.
func (f *fixture) zh() *fixture {
	f.vars["LC_ALL"] = "zh_CN.UTF-8"
	return f
}

// sentence is three English words in a row.
var sentence = regexp.MustCompile(`[A-Za-z']{2,}(?:[ ,;:]+[A-Za-z']{2,}){2,}`)

// kept is what stays as it is in a Chinese sentence: addresses, paths, flags, variables,
// commands (git's too), product names, and the test's verbatim pieces.
func kept(verbatim ...string) *regexp.Regexp {
	names := []string{"COMMAND"}
	for _, c := range commands() {
		names = append(names, c.name)
	}
	for i, v := range verbatim {
		verbatim[i] = "|" + regexp.QuoteMeta(v)
	}
	return regexp.MustCompile(`https?://\S+|\S*/\S*|--?[a-z][a-z-]*(?:=\S*)?|\$?\bATOMGIT_[A-Z_*]+|\bgit(?: [a-z]+)?|` +
		`\batomgit-login(?: (?:` + strings.Join(names, "|") + `)\b)?|\bAtomGit(?: Login)?|\bOAuth\b|\bDemo User\b` + strings.Join(verbatim, ""))
}

// englishIn is the first English sentence left in s, or "", once the words that stay
// English are taken out: kept's, and verbatim (a server's words, an error of the system).
func englishIn(s string, verbatim ...string) string {
	return sentence.FindString(kept(verbatim...).ReplaceAllString(s, " "))
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// checkChinese fails the test unless out is in Chinese with no English sentence left
// but verbatim's.
func checkChinese(t *testing.T, what, out string, verbatim ...string) {
	t.Helper()
	switch {
	case strings.TrimSpace(out) == "":
		t.Errorf("%s: no output", what)
	case !hasHan(out):
		t.Errorf("%s: no Chinese in %q", what, out)
	case englishIn(out, verbatim...) != "":
		t.Errorf("%s: English %q left in %q", what, englishIn(out, verbatim...), out)
	}
}

// In a Chinese locale every command says in Chinese what it says to people: help,
// results, hints and problems. (accounts lists logins and names: no words of ours.)
func TestCommandsSpeakChinese(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}} {
		f := newFixture(t).zh()
		_, out, errs := f.run(args...)
		checkChinese(t, strings.Join(args, " "), out+errs)
	}
	for _, c := range commands() {
		f := newFixture(t).zh()
		_, out, errs := f.run(c.name, "--help")
		checkChinese(t, c.name+" --help", out+errs)
	}
	noWindow := func(args ...string) func(*testing.T, *fixture) (int, string, string) {
		return func(_ *testing.T, f *fixture) (int, string, string) {
			var out, errb bytes.Buffer
			code := Main(args, Deps{Stdout: &out, Stderr: &errb, Getenv: f.getenv, Keyring: f.store})
			return code, out.String(), errb.String()
		}
	}
	run := func(args ...string) func(*testing.T, *fixture) (int, string, string) {
		return func(_ *testing.T, f *fixture) (int, string, string) { return f.run(args...) }
	}
	signedIn := func(args ...string) func(*testing.T, *fixture) (int, string, string) {
		return func(_ *testing.T, f *fixture) (int, string, string) { f.signIn(); return f.run(args...) }
	}
	revoked := "The refresh token is invalid or has been revoked" // the server's words
	tagline := config.DefaultTagline                              // a setting's value
	for _, tc := range []struct {
		name     string
		run      func(*testing.T, *fixture) (code int, stdout, stderr string)
		verbatim []string
	}{
		{"status signed out", run("status"), nil},
		{"token signed out", run("token"), nil},
		{"accounts signed out", run("accounts"), nil},
		{"logout signed out", run("logout"), nil},
		{"status signed in", signedIn("status"), nil},
		{"switch", signedIn("switch", "demo"), nil},
		{"logout", signedIn("logout"), nil},
		{"config", run("config"), []string{tagline}},
		{"status, tokens in a file", func(_ *testing.T, f *fixture) (int, string, string) {
			f.signIn()
			f.vars["ATOMGIT_STORAGE"] = "file"
			return f.run("status")
		}, nil},
		{"status, offline", func(_ *testing.T, f *fixture) (int, string, string) {
			f.signInExpired()
			f.breakLock()
			return f.run("status")
		}, nil},
		{"token revoked", func(_ *testing.T, f *fixture) (int, string, string) {
			f.signInExpired()
			f.srv.RevokeAll()
			return f.run("token")
		}, []string{revoked}},
		{"accounts, keyring locked", func(_ *testing.T, f *fixture) (int, string, string) {
			f.signIn()
			f.mem.FailNext(keyring.ErrTimeout)
			return f.run("accounts")
		}, nil},
		{"a bad setting", run("status", "--profile=nope"), []string{`unknown profile "nope" (use 2023 or current)`}},
		{"switch to nobody", run("switch", "nobody"), nil},
		{"switch without a login", run("switch"), nil},
		{"unknown command", run("frobnicate"), nil},
		{"unexpected argument", run("status", "extra"), nil},
		{"unknown flag", run("status", "--frobnicate"), nil},
		{"token --refused without a token", run("token", "--refused"), nil},
		{"--client-secret on the command line", run("config", "--client-secret=s"), []string{tagline}},
		{"no window", noWindow(), nil},
		{"login with no window", noWindow("login"), nil},
		{"--user nobody", run("token", "--user=nobody"), nil},
		{"git-credential without an operation", run("git-credential"), nil},
		{"git-credential with two", run("git-credential", "get", "erase"), nil},
		{"git-credential --demo", run("git-credential", "--demo", "get"), nil},
		{"git-credential get signed out", func(t *testing.T, f *fixture) (int, string, string) {
			var out, errb bytes.Buffer
			if err := gitCredential(f.t.Context(), f.env(), "get", strings.NewReader(f.request()), &out, &errb, chinese); err != nil {
				t.Fatal(err)
			}
			return 0, out.String(), errb.String()
		}, nil},
		{"git-credential erase that cannot refresh", func(_ *testing.T, f *fixture) (int, string, string) {
			rec := f.signIn()
			f.srv.RevokeAll()
			var out, errb bytes.Buffer
			gitCredential(f.t.Context(), f.env(), "erase", strings.NewReader(f.request("password="+rec.Token.AccessToken+"\n")), &out, &errb, chinese)
			return 0, out.String(), errb.String()
		}, []string{revoked}},
		{"setup-git", func(t *testing.T, f *fixture) (int, string, string) { gitHome(t); return f.run("setup-git") }, nil},
		{"setup-git --global --local", run("setup-git", "--global", "--local"), nil},
		{"setup-git --demo", run("setup-git", "--demo"), nil},
		{"setup-git --client-secret", func(t *testing.T, f *fixture) (int, string, string) {
			gitHome(t)
			return f.run("setup-git", "--client-secret=s")
		}, nil},
		{"login --browser, denied", func(t *testing.T, f *fixture) (int, string, string) {
			code, errs := browserLogin(t, f, func(authorizeURL string) {
				if err := (&fakeatomgit.Browser{}).Deny(context.Background(), authorizeURL); err != nil {
					t.Fatal(err)
				}
			})
			return code, "", errs
		}, []string{"The user denied the request", "executable file not found in"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t).zh()
			_, out, errs := tc.run(t, f)
			t.Log(out + errs)
			checkChinese(t, tc.name, out+errs, tc.verbatim...)
		})
	}
}

// Every sentence that says why there is no token, and every problem, has its Chinese.
func TestWhyNotInChinese(t *testing.T) {
	ada := &session.Account{Login: "ada", Name: "Ada"}
	codes, err := contract.ProblemCodes("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range append(codes, "teapot", "") {
		p := &session.Problem{Code: code, Detail: "dial tcp: no such host"}
		checkChinese(t, "problemText("+code+")", chinese.problemText(p), p.Detail)
		for _, st := range []session.Status{
			{State: session.Reauth, Account: ada, Error: p},
			{State: session.Reauth, Error: p},
			{State: session.SignedOut, StorageProblem: p},
			{State: session.Failed, Error: p},
			{State: session.Offline, Account: ada, Error: p},
		} {
			checkChinese(t, fmt.Sprintf("whyNot(%s, %s)", st.State, code), chinese.whyNot(st, nil, envAt("atomgit.com")), p.Detail)
		}
	}
	for _, tc := range []struct {
		st  session.Status
		err error
	}{
		{session.Status{State: session.SignedOut}, session.ErrNoRecord},
		{session.Status{State: session.SignedIn, Account: ada}, errors.New("context canceled")},
		{session.Status{State: session.SignedIn, Account: ada}, nil},
	} {
		checkChinese(t, "whyNot("+string(tc.st.State)+")", chinese.whyNot(tc.st, tc.err, envAt("atomgit.com")), "context canceled")
	}
	for _, d := range []int{0, 1, 59, 61, 125} {
		if got := chinese.timeLeft(time.Duration(d) * time.Minute); !hasHan(got) || englishIn(got) != "" {
			t.Errorf("timeLeft(%dm) = %q", d, got)
		}
	}
}

// What tools read is the same in every locale, byte for byte: JSON, the token, git's
// credential lines, exit codes. And an English or unknown locale is today's English.
func TestMachineOutputIgnoresTheLocale(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	locales := []map[string]string{
		{"LC_ALL": "C"},
		{"LC_ALL": "zh_CN.UTF-8"},
		{"LANG": "zh_TW.UTF-8"},
		{"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN"},
		{"LANG": "en_US.UTF-8"},
		{"LANG": "fr_FR.UTF-8"},
	}
	inEnglish := func(vars map[string]string) bool { return langOf(func(k string) string { return vars[k] }) == english }
	set := func(vars map[string]string) {
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
			delete(f.vars, k)
		}
		for k, v := range vars {
			f.vars[k] = v
		}
	}
	type result struct {
		code        int
		out, stderr string
	}
	for _, args := range [][]string{
		{"status", "--json"}, {"accounts", "--json"}, {"token"}, {"status", "--json", "--user=nobody"},
		{"status"}, {"accounts"}, {"config"}, {"--help"}, {"switch", "nobody"},
	} {
		machine := slices.Contains(args, "--json") || args[0] == "token"
		var first result
		for i, vars := range locales {
			set(vars)
			var r result
			r.code, r.out, r.stderr = f.run(args...)
			if i == 0 {
				first = r
				continue
			}
			if r.code != first.code {
				t.Errorf("%v in %v: exit %d, in C %d", args, vars, r.code, first.code)
			}
			if (machine || inEnglish(vars)) && r.out != first.out {
				t.Errorf("%v in %v: stdout\n%q\nin C\n%q", args, vars, r.out, first.out)
			}
			if inEnglish(vars) && r.stderr != first.stderr {
				t.Errorf("%v in %v: stderr\n%q\nin C\n%q", args, vars, r.stderr, first.stderr)
			}
		}
	}
	// git's credential lines, for the same session.
	var answers []string
	for _, l := range []lang{english, chinese} {
		var out, errb bytes.Buffer
		err := gitCredential(f.t.Context(), f.env(), "get", strings.NewReader(f.request()), &out, &errb, l)
		if err != nil || errb.Len() > 0 || !strings.Contains(out.String(), "password=") {
			t.Fatalf("get (zh: %v): %v, stdout %q, stderr %q", l.zh, err, out.String(), errb.String())
		}
		answers = append(answers, out.String())
	}
	if answers[0] != answers[1] {
		t.Errorf("git-credential get: in English %q, in Chinese %q", answers[0], answers[1])
	}
}

// An error a command fails with stays as it is in English; in Chinese, a problem that
// session knows is said in Chinese, and another keeps its words after a Chinese start.
func TestFailure(t *testing.T) {
	unavailable := fmt.Errorf("session: load: %w", &keyring.UnavailableError{Reason: "no Secret Service"})
	odd := errors.New("cli: setup-git: git config: could not lock config file")
	for _, tc := range []struct {
		l    lang
		err  error
		want string
	}{
		{english, unavailable, unavailable.Error()},
		{english, odd, odd.Error()},
		{chinese, unavailable, "系统钥匙环不可用：no Secret Service"},
		{chinese, fmt.Errorf("x: %w", session.ErrLockUnavailable), "缓存文件夹中的锁文件无法使用，因此无法安全地刷新或更改已保存的登录。请检查该文件夹的权限"},
		{chinese, odd, "失败：" + odd.Error()},
	} {
		if got := tc.l.failure(tc.err); got != tc.want {
			t.Errorf("failure(%v) (zh: %v) = %q, want %q", tc.err, tc.l.zh, got, tc.want)
		}
	}
}

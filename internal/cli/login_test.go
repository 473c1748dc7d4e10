package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

func TestLoginInTheBrowserWaitsForTheCallbackAndPrintsTheAccount(t *testing.T) {
	f := newFixture(t)
	t.Setenv("PATH", t.TempDir()) // no xdg-open: the URL is printed for the person
	pr, pw := io.Pipe()
	var out bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"login", "--browser"}, Deps{Stdout: &out, Stderr: pw, Getenv: f.getenv, Keyring: f.store})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "http") {
			url = line
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatal("login --browser printed no URL to visit")
	}
	b := &fakeatomgit.Browser{}
	if err := b.Approve(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != ExitOK {
		t.Fatalf("exit %d", c)
	}
	if !strings.Contains(out.String(), "as Demo User (@demo)") {
		t.Errorf("stdout = %q", out.String())
	}
	if b.Callback != 200 || f.stored() == nil {
		t.Errorf("callback %d, stored %v", b.Callback, f.stored())
	}
}

// A token too large for a keyring entry: the sign-in works, but cannot be kept; the
// command says why, with the sizes, in the person's language.
func TestLoginInTheBrowserSaysWhyATokenTooLargeIsNotKept(t *testing.T) {
	for _, tt := range []struct{ locale, want string }{
		{"C", `AtomGit's token is larger than the keyring entry allows: \d{4} bytes of at most 2559`},
		{"zh_CN.UTF-8", `AtomGit 的令牌超过了钥匙环条目允许的大小：\d{4} 字节，上限 2559 字节`},
	} {
		f := newFixtureWith(t, fakeatomgit.Options{AccessTokenSize: 4000})
		f.vars["LC_ALL"] = tt.locale
		code, errs := browserLogin(t, f, func(authorizeURL string) {
			if err := (&fakeatomgit.Browser{}).Approve(context.Background(), authorizeURL); err != nil {
				t.Fatal(err)
			}
		})
		if code != ExitNo || !regexp.MustCompile(tt.want).MatchString(errs) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.locale, code, errs, ExitNo, tt.want)
		}
	}
}

func TestLoginInTheBrowserReportsADenial(t *testing.T) {
	f := newFixture(t)
	code, errs := browserLogin(t, f, func(authorizeURL string) {
		if err := (&fakeatomgit.Browser{}).Deny(context.Background(), authorizeURL); err != nil {
			t.Fatal(err)
		}
	})
	if want := "sign-in to " + f.host() + " failed: you declined on AtomGit's page"; code != ExitNo || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, ExitNo, want)
	}
}

// A failure whose problem has no detail (the callback without a code) is still a whole
// sentence, not "sign-in failed: " and nothing after it.
func TestLoginInTheBrowserReportsAFailureWithoutDetail(t *testing.T) {
	f := newFixture(t)
	code, errs := browserLogin(t, f, func(authorizeURL string) {
		callback, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), authorizeURL)
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(callback)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Del("code")
		u.RawQuery = q.Encode()
		resp, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
	want := "atomgit-login: sign-in to " + f.host() + " failed: AtomGit's answer had no sign-in code; please try again\n"
	if code != ExitNo || !strings.HasSuffix(errs, want) {
		t.Errorf("exit %d, stderr %q; want %d and a last line %q", code, errs, ExitNo, want)
	}
}

// browserLogin runs `login --browser` and lets act play the browser with the authorize
// URL it prints. It returns the exit code and stderr.
func browserLogin(t *testing.T, f *fixture, act func(authorizeURL string)) (code int, stderr string) {
	t.Helper()
	return browserLoginTo(t, f, io.Discard, act)
}

// browserLoginTo is browserLogin with the command's standard output going to stdout.
func browserLoginTo(t *testing.T, f *fixture, stdout io.Writer, act func(authorizeURL string)) (code int, stderr string) {
	t.Helper()
	code, _, stderr = loginPrinting(t, f, Deps{Stdout: stdout}, act, "login", "--browser")
	return code, stderr
}

// loginPrinting runs the program with args and d (its standard error, settings and
// keyring the fixture's; its standard output d's, or returned), with no browser to open,
// and hands act each URL it prints on stderr, as a person would open it. It returns the
// exit code and what was printed.
func loginPrinting(t *testing.T, f *fixture, d Deps, act func(url string), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("PATH", t.TempDir()) // no xdg-open: the URL is printed for the person
	pr, pw := io.Pipe()
	var out bytes.Buffer
	exit := make(chan int, 1)
	if d.Stdout == nil {
		d.Stdout = &out
	}
	d.Stderr, d.Getenv, d.Keyring = pw, f.getenv, f.store
	go func() {
		exit <- Main(args, d)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var rest strings.Builder
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "http") {
			act(line)
		}
		rest.WriteString(line + "\n")
	}
	return <-exit, out.String(), rest.String()
}

// A refresh of the session already stored that ends while `login --browser` waits is not
// the sign-in it waits for: it returns only when its own attempt ends (here, denied).
func TestLoginInTheBrowserWaitsForItsOwnAttemptNotARefresh(t *testing.T) {
	f := newFixture(t)
	old := f.signInExpired() // opening the session refreshes it at once
	hold := make(chan struct{})
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Hold: hold, Times: 1})
	code, errs := browserLogin(t, f, func(authorizeURL string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := f.srv.Wait(ctx, func(s fakeatomgit.Stats) bool { return s.Refreshes > 0 }); err != nil {
			t.Fatalf("no refresh while the sign-in waits: %v", err)
		}
		close(hold)
		for f.stored().Token.AccessToken == old.Token.AccessToken { // the refresh has landed
			if ctx.Err() != nil {
				t.Fatal("the refresh was not stored")
			}
			time.Sleep(5 * time.Millisecond) // polling the memory keyring
		}
		if err := (&fakeatomgit.Browser{}).Deny(context.Background(), authorizeURL); err != nil {
			t.Fatalf("the attempt had ended before the person answered: %v", err)
		}
	})
	if want := "failed: you declined on AtomGit's page"; code != ExitNo || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, ExitNo, want)
	}
}

// Without a keyring the tokens would die with the command: login --browser says so
// before it shows a URL, rather than after the person has signed in.
func TestLoginInTheBrowserRefusesWhenTheTokensCannotBeKept(t *testing.T) {
	f := newFixture(t)
	f.mem.FailNext(&keyring.UnavailableError{Reason: "no Secret Service"})
	code, errs := browserLogin(t, f, func(string) { t.Error("a URL was shown for a sign-in whose tokens could not be kept") })
	if code != ExitNo || !strings.Contains(errs, "cannot sign in here") || !strings.Contains(errs, "no Secret Service") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

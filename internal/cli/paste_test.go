package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// pasteLogin runs `login --no-browser` with args; answer gets the authorize URL it prints
// and returns the lines to paste, one after another. It returns the exit code and output.
func pasteLogin(t *testing.T, f *fixture, answer func(authorizeURL string) []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	in, paste := io.Pipe()
	t.Cleanup(func() { paste.Close() })
	errs, errw := io.Pipe()
	var out strings.Builder
	exit := make(chan int, 1)
	go func() {
		exit <- Main(append([]string{"login", "--no-browser"}, args...), Deps{Stdin: in, Stdout: &out, Stderr: errw, Getenv: f.getenv, Keyring: f.store})
		errw.Close()
	}()
	var rest strings.Builder
	r := bufio.NewReader(errs)
	for {
		line, err := r.ReadString('\n')
		rest.WriteString(line)
		if u, ok := strings.CutPrefix(line, "  "); ok && strings.HasPrefix(u, "http") {
			lines := answer(strings.TrimSpace(u))
			go func() {
				for _, l := range lines {
					fmt.Fprintln(paste, l)
				}
			}()
		}
		if err != nil {
			break
		}
	}
	return <-exit, out.String(), rest.String()
}

// login --no-browser prints the address to open, opens no port, refuses what is not
// this sign-in's answer with why and goes on reading, then signs in with the address the
// browser ended on (with PKCE: the stand-in checks the verifier) and prints the account.
func TestLoginNoBrowserSignsInWithThePastedAddress(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	redirect := "http://" + ln.Addr().String() + "/callback"
	ln.Close()
	f.vars["ATOMGIT_REDIRECT_URI"], f.vars["ATOMGIT_PKCE"] = redirect, "s256"
	code, out, errs := pasteLogin(t, f, func(authorizeURL string) []string {
		if ln, err := net.Listen("tcp", ln.Addr().String()); err != nil {
			t.Errorf("something listens on the redirect URI's port: %v", err)
		} else {
			ln.Close()
		}
		callback, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), authorizeURL)
		if err != nil {
			t.Fatal(err)
		}
		return []string{"", authorizeURL, redirect + "?code=stale&state=earlier", callback}
	})
	if code != ExitOK || !strings.Contains(out, "as Demo User (@demo)") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	for _, want := range []string{
		"Open this address in a browser, on this machine or another",
		"The browser then goes to " + redirect + "?code=…, which does not load",
		"That is not the address the browser ended on: paste the one that begins with " + redirect,
		"That answer belongs to another sign-in",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "stale") || f.stored() == nil {
		t.Errorf("stderr holds a pasted code, or nothing was stored:\n%s", errs)
	}
}

// Just the code and state do as well as the whole address; a denial ends the sign-in.
func TestLoginNoBrowserTakesTheCodeAndStateAlone(t *testing.T) {
	f := newFixture(t)
	code, out, errs := pasteLogin(t, f, func(authorizeURL string) []string {
		callback, err := (&fakeatomgit.Browser{}).CallbackURL(context.Background(), authorizeURL)
		if err != nil {
			t.Fatal(err)
		}
		_, query, _ := strings.Cut(callback, "?")
		return []string{query}
	})
	if code != ExitOK || !strings.Contains(out, "(@demo)") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	f = newFixture(t)
	code, _, errs = pasteLogin(t, f, func(authorizeURL string) []string {
		u, err := url.Parse(authorizeURL)
		if err != nil {
			t.Fatal(err)
		}
		return []string{"error=access_denied&state=" + u.Query().Get("state")}
	})
	if code != ExitNo || !strings.Contains(errs, "you declined on AtomGit's page") {
		t.Errorf("a denial pasted: exit %d, stderr %q", code, errs)
	}
}

// With nothing on standard input (CI, a script without a terminal), login --no-browser
// says where it reads the address and stops: exit 1.
func TestLoginNoBrowserWithoutStandardInput(t *testing.T) {
	f := newFixture(t)
	var out, errs strings.Builder
	code := Main([]string{"login", "--no-browser"}, Deps{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: f.getenv, Keyring: f.store})
	if code != ExitNo || out.String() != "" || !strings.Contains(errs.String(), "standard input ended before the address was pasted") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errs.String())
	}
}

// A wrong paste does not end the sign-in: the attempt's time limit does.
func TestLoginNoBrowserReadsOnUntilTheTimeLimit(t *testing.T) {
	f := newFixture(t)
	f.vars["ATOMGIT_SIGNIN_TIMEOUT"] = "10s"
	code, out, errs := pasteLogin(t, f, func(string) []string { return []string{"not an address"} })
	if code != ExitNo || out != "" || !strings.Contains(errs, "That is not the address") ||
		!strings.Contains(errs, "the sign-in took too long and was stopped") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// A hostile account: its login and name carry terminal escapes (ESC, CSI as a C1 byte,
// an OSC that retitles the window, BEL) and bidi overrides.
const (
	hostileLogin = "ev\x1b[31mil\u009b2J"
	hostileName  = "\u202eresU\u2066 omeD\x1b]0;pwned\x07\u200f\x7f"
	cleanLogin   = "ev[31mil2J"
	cleanName    = "resU omeD]0;pwned"
)

// signInHostile signs in while the user endpoint answers with the hostile account.
func (f *fixture) signInHostile() {
	f.t.Helper()
	f.hostileUser()
	f.signIn()
}

// hostileUser makes the next user request answer with the hostile account.
func (f *fixture) hostileUser() {
	f.t.Helper()
	body, err := json.Marshal(map[string]string{"id": "64f1c0ffee0123456789abcd", "login": hostileLogin, "name": hostileName})
	if err != nil {
		f.t.Fatal(err)
	}
	f.srv.SetFault(fakeatomgit.RouteUser, fakeatomgit.Fault{Status: 200, Body: string(body), ContentType: "application/json", Times: 1})
}

// terminalSafe fails if out holds a control character other than a newline, a byte that
// is not UTF-8, or a bidi control.
func terminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: not UTF-8: %q", what, out)
	}
	for _, r := range out {
		switch {
		case r == '\n':
		case r < 0x20, r >= 0x7f && r <= 0x9f,
			r == 0x61c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			t.Errorf("%s: %U in %q", what, r, out)
		}
	}
}

func TestStatusAndAccountsPrintAHostileAccountCleaned(t *testing.T) {
	f := newFixture(t)
	f.signInHostile()
	code, out, errs := f.run("status")
	if want := "as " + cleanName + " (@" + cleanLogin + ")"; code != ExitOK || !strings.Contains(out, want) {
		t.Errorf("status: exit %d, %q (stderr %q); want %q", code, out, errs, want)
	}
	terminalSafe(t, "status", out)
	code, out, errs = f.run("accounts")
	if want := "* " + cleanLogin + " (" + cleanName + ")\n"; code != ExitOK || out != want {
		t.Errorf("accounts: exit %d, %q (stderr %q); want %q", code, out, errs, want)
	}
	terminalSafe(t, "accounts", out)
}

// The JSON keeps the values as they are, escaped: a tool gets them back whole.
func TestJSONEscapesWhatATerminalWouldActOn(t *testing.T) {
	f := newFixture(t)
	f.signInHostile()
	code, out, _ := f.run("status", "--json")
	terminalSafe(t, "status --json", out)
	var st StatusJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != ExitOK {
		t.Fatalf("status --json: exit %d, %v: %q", code, err, out)
	}
	if st.Login != hostileLogin || st.Name != hostileName {
		t.Errorf("status --json: login %q, name %q; want them as the server sent them", st.Login, st.Name)
	}
	code, out, _ = f.run("accounts", "--json")
	terminalSafe(t, "accounts --json", out)
	var list []session.AccountEntry
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != ExitOK || len(list) != 1 {
		t.Fatalf("accounts --json: exit %d, %v: %q", code, err, out)
	}
	if list[0].Login != hostileLogin || list[0].Name != hostileName {
		t.Errorf("accounts --json: %+v; want the values as the server sent them", list[0])
	}
}

func TestLoginPrintsAHostileAccountCleaned(t *testing.T) {
	f := newFixture(t)
	f.hostileUser()
	t.Setenv("PATH", t.TempDir()) // no xdg-open: the URL is printed
	pr, pw := io.Pipe()
	var out bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"login", "--browser"}, Deps{Stdout: &out, Stderr: pw, Getenv: f.getenv, Keyring: f.store})
		pw.Close()
	}()
	buf := make([]byte, 4096)
	var seen string
	for !strings.Contains(seen, "\n  http") || !strings.HasSuffix(seen, "\n") {
		n, err := pr.Read(buf)
		if err != nil {
			t.Fatalf("login --browser printed no URL: %q, %v", seen, err)
		}
		seen += string(buf[:n])
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(seen[strings.LastIndex(seen, "\n  http"):])
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != ExitOK {
		t.Fatalf("exit %d", c)
	}
	if want := "as " + cleanName + " (@" + cleanLogin + ")"; !strings.Contains(out.String(), want) {
		t.Errorf("login printed %q, want %q", out.String(), want)
	}
	terminalSafe(t, "login", out.String())
}

func TestProblemTextAndWhyNotAreTerminalSafe(t *testing.T) {
	p := &session.Problem{Code: session.CodeKeyringUnavailable, Detail: "locked\x1b[2J\u202e"}
	terminalSafe(t, "problemText", english.problemText(p))
	st := session.Status{State: session.Reauth, Account: &session.Account{Login: hostileLogin, Name: hostileName}, Error: p}
	got := english.whyNot(st, nil, envAt("atomgit.com"))
	terminalSafe(t, "whyNot", got)
	if !strings.Contains(got, cleanName+" (@"+cleanLogin+")") {
		t.Errorf("whyNot = %q", got)
	}
	// The same in Chinese.
	terminalSafe(t, "problemText in Chinese", chinese.problemText(p))
	got = chinese.whyNot(st, nil, envAt("atomgit.com"))
	terminalSafe(t, "whyNot in Chinese", got)
	if !strings.Contains(got, cleanName+"（@"+cleanLogin+"）") {
		t.Errorf("whyNot in Chinese = %q", got)
	}
}

func TestDisplayText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Demo User", "Demo User"},
		{"李雷", "李雷"},
		{"a\x1b[31mb", "a[31mb"},
		{"a\u009b31mb", "a31mb"},
		{"tab\tnew\nline\r", "tabnewline"},
		{"\u202eabc\u202c \u2067x\u2069", "abc x"},
		{"bad\xffutf8", "badutf8"},
		{"zw\u200dj", "zw\u200dj"}, // a joiner is part of some scripts and emoji
	} {
		if got := displayText(tt.in); got != tt.want {
			t.Errorf("displayText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

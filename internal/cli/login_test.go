package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
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

func TestLoginInTheBrowserReportsADenial(t *testing.T) {
	f := newFixture(t)
	t.Setenv("PATH", t.TempDir())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"login", "--browser"}, Deps{Stdout: io.Discard, Stderr: pw, Getenv: f.getenv, Keyring: f.store})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var rest strings.Builder
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "http") {
			if err := (&fakeatomgit.Browser{}).Deny(context.Background(), line); err != nil {
				t.Fatal(err)
			}
		}
		rest.WriteString(line + "\n")
	}
	if c := <-code; c != ExitNo || !strings.Contains(rest.String(), "sign-in failed") {
		t.Errorf("exit %d, stderr %q", c, rest.String())
	}
}

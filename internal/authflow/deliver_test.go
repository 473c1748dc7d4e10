package authflow

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

func TestMatchesRedirect(t *testing.T) {
	const redirect = "http://127.0.0.1:8765/callback"
	for _, tc := range []struct {
		redirect, nav string
		want          bool
	}{
		{redirect, "http://127.0.0.1:8765/callback?code=c&state=s", true},
		{redirect, "http://127.0.0.1:8765/callback", true},
		{redirect, "HTTP://127.0.0.1:8765/callback?state=s", true},         // scheme case
		{redirect, "http://127.0.0.1:8765/callback#frag", true},            // fragment ignored
		{redirect, "http://127.0.0.1:8765/callback?x=1#f?state=s", true},   // query ignored
		{redirect, "http://user:pw@127.0.0.1:8765/callback?state=s", true}, // goes to the same place
		{redirect, "http://127.0.0.1:8766/callback?state=s", false},        // another port
		{redirect, "http://127.0.0.1/callback?state=s", false},             // the default port
		{redirect, "http://127.0.0.1:8765/callback/more?state=s", false},   // a longer path
		{redirect, "http://127.0.0.1:8765/callback/?state=s", false},
		{redirect, "http://127.0.0.1:8765/call?state=s", false}, // a path prefix
		{redirect, "http://127.0.0.1:8765/callbackx?state=s", false},
		{redirect, "http://127.0.0.1:8765/Callback?state=s", false},
		{redirect, "http://127.0.0.1:8765/?state=s", false},
		{redirect, "http://localhost:8765/callback?state=s", false}, // another host name
		{redirect, "http://127.0.0.2:8765/callback?state=s", false},
		{redirect, "https://127.0.0.1:8765/callback?state=s", false}, // another scheme
		{redirect, "http://127.0.0.1:8765@evil.example/callback?state=s", false},
		{redirect, "http://evil.example/?r=http://127.0.0.1:8765/callback", false},
		{redirect, "wails://wails/", false},
		{redirect, "about:blank", false},
		{redirect, "http:127.0.0.1:8765/callback", false},
		{redirect, "%zz", false},
		{redirect, "", false},
		{"http://localhost:8765/callback", "http://LOCALHOST:8765/callback?state=s", true},
		{"http://localhost:8765/callback", "http://127.0.0.1:8765/callback?state=s", false},
		{"http://[::1]:8765/callback", "http://[::1]:8765/callback?state=s", true},
		{"http://127.0.0.1:80/callback", "http://127.0.0.1/callback?state=s", true}, // default ports
		{"http://127.0.0.1/callback", "http://127.0.0.1:80/callback?state=s", true},
		{"http://127.0.0.1/callback", "https://127.0.0.1:80/callback?state=s", false},
		{"http://127.0.0.1:8765", "http://127.0.0.1:8765/?state=s", true},
	} {
		if got := MatchesRedirect(tc.redirect, tc.nav); got != tc.want {
			t.Errorf("MatchesRedirect(%q, %q) = %v, want %v", tc.redirect, tc.nav, got, tc.want)
		}
	}
}

// caught starts an attempt without a listener, logging to the returned buffer.
func caught(t *testing.T, redirect string) (*Attempt, *syncBuffer) {
	t.Helper()
	buf := newSyncBuffer()
	a, err := Start(context.Background(), Options{
		RedirectURI: redirect, NoListener: true, Timeout: time.Minute,
		Log: slog.New(slog.NewTextHandler(buf, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Cancel)
	return a, buf
}

func TestAttemptWithoutListenerOpensNoPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // another program holds the redirect URI's port
	redirect := "http://" + ln.Addr().String() + "/callback"
	a, _ := caught(t, redirect)
	if a.RedirectURI() != redirect {
		t.Errorf("RedirectURI = %q, want the configured %q", a.RedirectURI(), redirect)
	}
	b, _ := caught(t, "http://127.0.0.1:0/callback")
	if b.RedirectURI() != "http://127.0.0.1:0/callback" {
		t.Errorf("a port-0 redirect URI became %q without a listener", b.RedirectURI())
	}
}

func TestDeliverDecidesOnlyWithTheState(t *testing.T) {
	const redirect = "http://127.0.0.1:8765/callback"
	a, log := caught(t, redirect)
	for _, nav := range []string{
		"http://127.0.0.1:8765/other?code=c&state=" + a.State(), // not the redirect URI
		"http://127.0.0.1:8766/callback?code=c&state=" + a.State(),
		"https://atomgit.example/login?next=" + redirect,
	} {
		if a.Deliver(nav) {
			t.Errorf("Deliver(%q) took a navigation elsewhere", nav)
		}
	}
	for _, nav := range []string{
		redirect + "?code=forged&state=not-the-state",
		redirect + "?code=forged",
		redirect + "?error=access_denied&state=" + a.State()[:10],
		redirect + "?code=forged&state=" + a.State() + "x",
	} {
		if !a.Deliver(nav) {
			t.Errorf("Deliver(%q) did not take a navigation to the redirect URI", nav)
		}
	}
	select {
	case <-a.Done():
		t.Fatal("a navigation without the attempt's state decided it")
	case <-time.After(20 * time.Millisecond):
	}
	waitFor(t, func() bool { return strings.Contains(log.String(), "reason=state_mismatch via=webview") })
	if strings.Contains(log.String(), "forged") {
		t.Error("the log holds a code")
	}

	if !a.Deliver(redirect + "?code=the-code&state=" + a.State() + "#x") {
		t.Fatal("Deliver did not take the answer")
	}
	res, err := waitResult(t, a)
	if err != nil || res.Code != "the-code" {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	if !a.Deliver(redirect + "?code=another&state=" + a.State()) {
		t.Error("a second answer was handed to the page")
	}
	if res, _ := waitResult(t, a); res.Code != "the-code" {
		t.Errorf("a second answer replaced the first: %+v", res)
	}
}

func TestDeliverDenied(t *testing.T) {
	a, _ := caught(t, "http://127.0.0.1:8765/callback")
	if !a.Deliver("http://127.0.0.1:8765/callback?error=access_denied&error_description=no%0Athanks&state=" + a.State()) {
		t.Fatal("Deliver did not take the denial")
	}
	_, err := waitResult(t, a)
	var ce *CallbackError
	if !errors.As(err, &ce) || ce.Code != CodeDenied || ce.Detail != "no thanks" {
		t.Fatalf("Wait error = %v", err)
	}
}

func TestListenerAttemptTakesNoNavigation(t *testing.T) {
	a := start(t, Options{})
	if a.Deliver(a.RedirectURI() + "?code=c&state=" + a.State()) {
		t.Error("an attempt with a listener took a navigation: the two paths would mix")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

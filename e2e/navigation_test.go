//go:build integration

package e2e

import (
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestSignInInTheWindowWithTheRedirectPortTaken: another program holds the redirect
// URI's port and answers every request with a page that would break the sign-in. The
// window takes AtomGit's redirect itself, so the sign-in succeeds and that program never
// sees a request (nor the code).
func TestSignInInTheWindowWithTheRedirectPortTaken(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	var hits atomic.Int64
	ln, err := net.Listen("tcp", hostOf(t, w.callback))
	if err != nil {
		t.Fatal(err)
	}
	squatter := &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		rw.Header().Set("Content-Type", "text/html")
		rw.Write([]byte(`<!doctype html><title>Not the app</title><h1>This program took the code</h1>`))
	})}
	go squatter.Serve(ln)
	t.Cleanup(func() { squatter.Close() })

	a := startApp(t, "navigation-port-taken", w.env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitLog("sign-in started", "callback=webview")
	a.waitShown("signed_in")
	screenshot(t, "navigation-port-taken-signed-in")
	if n := hits.Load(); n != 0 {
		t.Errorf("the program on the redirect port got %d requests", n)
	}
	if rec, ok := stored(t); !ok || rec.Account.Login != "demo" {
		t.Errorf("keyring entry = %+v, %v", rec, ok)
	}
}

// TestSignInInTheWindowOpensNoPort: with nothing on the redirect port, the sign-in in the
// window succeeds, and while it is pending the port stays free for anyone.
func TestSignInInTheWindowOpensNoPort(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	a := startApp(t, "navigation-no-port", w.env)
	a.waitShown("signed_out")
	focusWindow(t)
	keys(t, "Return")
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	a.waitLog("sign-in started", "callback=webview")
	ln, err := net.Listen("tcp", hostOf(t, w.callback))
	if err != nil {
		t.Fatalf("the pending sign-in holds the redirect port: %v", err)
	}
	ln.Close()
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	keys(t, "Return") // Allow
	a.waitShown("signed_in")
	if s := w.stats(); s.Exchanges != 1 {
		t.Errorf("fake AtomGit saw %+v", s)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, err := net.Dial("tcp", hostOf(t, w.callback)); err == nil; _, err = net.Dial("tcp", hostOf(t, w.callback)) {
		if time.Now().After(deadline) {
			t.Fatal("something listens on the redirect port after the sign-in")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func hostOf(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

//go:build integration

package e2e

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
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
	hits := squat(t, w.callback)

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
	pendingInTheWebview(t, a, w)
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

// pendingInTheWebview waits for a's sign-in to start with the webview catching the
// redirect, and checks that the redirect port is free for anyone while it is pending.
func pendingInTheWebview(t *testing.T, a *app, w *world) {
	t.Helper()
	a.waitLog("sign-in started", "callback=webview")
	ln, err := net.Listen("tcp", hostOf(t, w.callback))
	if err != nil {
		t.Fatalf("the pending sign-in holds the redirect port: %v", err)
	}
	ln.Close()
}

func hostOf(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// TestNoCodeLeavesTheWindowAfterTheCatch: AtomGit's page, after Allow, keeps navigating
// frames to the redirect URI with the code and the real state (a front of the fake
// AtomGit answers Allow with such a page instead of the redirect). The window takes the
// first one; the others, until the window is back on the app's page, are refused too, so
// a program that listens on the redirect port (free: the window opened none) sees none.
func TestNoCodeLeavesTheWindowAfterTheCatch(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	hits := squat(t, w.callback)
	front := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(mustParse(t, w.srv.URL())) },
		ModifyResponse: func(res *http.Response) error {
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusFound || !strings.HasPrefix(loc, w.callback+"?") {
				return nil
			}
			q, _ := json.Marshal(loc)
			page := `<!doctype html><meta charset="utf-8"><title>Redirecting</title><body><script>
var u = ` + string(q) + `, n = 0;
setInterval(function () {
  var f = document.createElement("iframe");
  f.src = u + "&frame=" + (n++);
  document.body.appendChild(f);
}, 2);
location.replace(u);
</script>`
			res.StatusCode, res.Status = http.StatusOK, "200 OK"
			res.Header.Del("Location")
			res.Header.Set("Content-Type", "text/html; charset=utf-8")
			res.Header.Set("Content-Length", strconv.Itoa(len(page)))
			res.Body = io.NopCloser(strings.NewReader(page))
			return nil
		},
	})
	t.Cleanup(front.Close)
	env := append(w.env[:len(w.env):len(w.env)], "ATOMGIT_AUTHORIZE_URL="+front.URL+"/login/oauth/authorize")

	a := startApp(t, "navigation-frames-after-catch", env)
	a.waitShown("signed_out")
	signInThroughTheWindow(t, w)
	a.waitLog("sign-in started", "callback=webview")
	a.waitShown("signed_in") // the app's page is back: AtomGit's page and its frames are gone
	if n := hits.Load(); n != 0 {
		t.Errorf("the program on the redirect port got %d requests after the catch", n)
	}
	if s := w.stats(); s.CodesIssued != 1 || s.Exchanges != 1 {
		t.Errorf("fake AtomGit saw %+v", s)
	}
}

// squat is another program on the redirect URI's port: it answers every request with a
// page that would break the sign-in, and counts them.
func squat(t *testing.T, callback string) *atomic.Int64 {
	t.Helper()
	var hits atomic.Int64
	ln, err := net.Listen("tcp", hostOf(t, callback))
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
	return &hits
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

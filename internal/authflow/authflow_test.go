package authflow

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func start(t *testing.T, opts Options) *Attempt {
	t.Helper()
	if opts.RedirectURI == "" {
		opts.RedirectURI = "http://127.0.0.1:0/callback"
	}
	if opts.ReturnURL == "" {
		opts.ReturnURL = "wails://wails/"
	}
	a, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Cancel)
	return a
}

// get requests path+query on the attempt's listener and returns the status and body.
func get(t *testing.T, a *Attempt, method, pathAndQuery string) (int, string) {
	t.Helper()
	u, _ := url.Parse(a.RedirectURI())
	req, _ := http.NewRequest(method, "http://"+u.Host+pathAndQuery, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func waitResult(t *testing.T, a *Attempt) (Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return a.Wait(ctx)
}

func TestStateIsLongRandomAndFresh(t *testing.T) {
	a, b := start(t, Options{}), start(t, Options{})
	if len(a.State()) < 22 { // 128 bits in base64
		t.Errorf("state %q is shorter than 128 bits", a.State())
	}
	if a.State() == b.State() {
		t.Error("two attempts share a state")
	}
	if !strings.HasSuffix(a.RedirectURI(), "/callback") || strings.Contains(a.RedirectURI(), ":0/") {
		t.Errorf("redirect URI %q does not name the real port", a.RedirectURI())
	}
}

func TestGoodCallbackGivesTheCodeOnce(t *testing.T) {
	a := start(t, Options{AppName: "AtomGit Login"})
	status, body := get(t, a, "GET", "/callback?code=the-code&state="+a.State())
	if status != http.StatusOK {
		t.Fatalf("status = %d, body %s", status, body)
	}
	if !strings.Contains(body, `location.replace("wails://wails/")`) {
		t.Errorf("page does not return to the app: %s", body)
	}
	if strings.Contains(body, "the-code") || strings.Contains(body, a.State()) {
		t.Error("page repeats the code or the state")
	}
	res, err := waitResult(t, a)
	if err != nil || res.Code != "the-code" {
		t.Fatalf("got %+v, %v", res, err)
	}
	// The same code again: the attempt is over, so either nothing listens any more or it
	// says so; the result does not change.
	if status, _ := get(t, a, "GET", "/callback?code=the-code&state="+a.State()); status == http.StatusOK {
		t.Error("a second callback was accepted")
	}
	if res, err := waitResult(t, a); err != nil || res.Code != "the-code" {
		t.Errorf("result changed to %+v, %v", res, err)
	}
}

func TestListenerClosesAfterTheAttempt(t *testing.T) {
	a := start(t, Options{})
	u, _ := url.Parse(a.RedirectURI())
	get(t, a, "GET", "/callback?code=c&state="+a.State())
	waitResult(t, a)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			return // closed
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still open 5 s after the attempt")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, not synchronising on time
	}
}

// TestBadCallbacks: callbacks with this attempt's state that carry no code end it with
// the reason. (Requests without the state are ignored: TestForeignRequestsLeaveTheAttemptPending.)
func TestBadCallbacks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		method   string
		query    func(state string) string
		code     string
		status   int
		inDetail string
	}{
		{"code missing", "GET", func(s string) string { return "?state=" + s }, CodeMissingCode, 400, ""},
		{"denied", "GET", func(s string) string {
			return "?error=access_denied&error_description=The+user+denied+the+request&state=" + s
		}, CodeDenied, 400, "The user denied the request"},
		{"provider error", "GET", func(s string) string { return "?error=server_error&error_description=boom%0A&state=" + s }, CodeProvider, 400, "server_error: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := start(t, Options{})
			status, body := get(t, a, tc.method, "/callback"+tc.query(a.State()))
			if status != tc.status {
				t.Errorf("status = %d, want %d", status, tc.status)
			}
			if !strings.Contains(body, "location.replace") {
				t.Error("the problem page does not return to the app")
			}
			_, err := waitResult(t, a)
			var ce *CallbackError
			if !errors.As(err, &ce) || ce.Code != tc.code {
				t.Fatalf("err = %v, want code %s", err, tc.code)
			}
			if !strings.Contains(ce.Detail, tc.inDetail) {
				t.Errorf("detail = %q, want %q in it", ce.Detail, tc.inDetail)
			}
		})
	}
}

func TestOtherPathsDoNotDecide(t *testing.T) {
	a := start(t, Options{})
	if status, _ := get(t, a, "GET", "/favicon.ico"); status != http.StatusNotFound {
		t.Errorf("status = %d, want 404", status)
	}
	if status, _ := get(t, a, "GET", "/callback/extra?code=c&state="+a.State()); status != http.StatusNotFound {
		t.Errorf("status = %d, want 404", status)
	}
	select {
	case <-a.Done():
		t.Fatal("a request on another path decided the attempt")
	default:
	}
	get(t, a, "GET", "/callback?code=ok&state="+a.State())
	if res, err := waitResult(t, a); err != nil || res.Code != "ok" {
		t.Errorf("got %+v, %v", res, err)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Start(context.Background(), Options{RedirectURI: "http://" + ln.Addr().String() + "/callback"})
	var pe *PortInUseError
	if !errors.As(err, &pe) || pe.Addr != ln.Addr().String() {
		t.Fatalf("err = %v, want PortInUseError for %s", err, ln.Addr())
	}
}

func TestLocalhostListensOnLoopbackOnly(t *testing.T) {
	a := start(t, Options{RedirectURI: "http://localhost:0/callback"})
	u, _ := url.Parse(a.RedirectURI())
	// Another interface's address would be refused; 127.0.0.1 answers.
	if status, _ := get(t, a, "GET", "/favicon.ico"); status != http.StatusNotFound {
		t.Fatalf("127.0.0.1:%s: status %d", u.Port(), status)
	}
	ifaces, _ := net.InterfaceAddrs()
	for _, addr := range ifaces {
		ip, _, _ := net.ParseCIDR(addr.String())
		if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
			continue
		}
		if c, err := net.Dial("tcp", net.JoinHostPort(ip.String(), u.Port())); err == nil {
			c.Close()
			t.Errorf("the attempt answers on %v", ip)
		}
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	a := start(t, Options{Timeout: 50 * time.Millisecond})
	if _, err := waitResult(t, a); !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	b := start(t, Options{})
	b.Cancel()
	if _, err := waitResult(t, b); !errors.Is(err, ErrCancelled) {
		t.Errorf("err = %v, want ErrCancelled", err)
	}
	if status, _ := get(t, b, "GET", "/callback?code=c&state="+b.State()); status == http.StatusOK {
		t.Error("a cancelled attempt accepted a code")
	}
}

func TestContextEndCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, err := Start(ctx, Options{RedirectURI: "http://127.0.0.1:0/callback"})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := waitResult(t, a); !errors.Is(err, ErrCancelled) {
		t.Errorf("err = %v, want ErrCancelled", err)
	}
}

func TestBrowserModePageSaysReturnToTheApp(t *testing.T) {
	a, err := Start(context.Background(), Options{RedirectURI: "http://127.0.0.1:0/callback", AppName: "Brand X"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Cancel()
	_, body := get(t, a, "GET", "/callback?code=c&state="+a.State())
	if strings.Contains(body, "location.replace") || !strings.Contains(body, "return to Brand X") {
		t.Errorf("body = %s", body)
	}
}

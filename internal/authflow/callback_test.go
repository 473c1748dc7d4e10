package authflow

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// syncBuffer is a log destination that tests read while handlers write.
type syncBuffer struct {
	ch chan struct{} // a one-slot lock: guards b
	b  bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{ch: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.ch <- struct{}{}
	defer func() { <-s.ch }()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.ch <- struct{}{}
	defer func() { <-s.ch }()
	return s.b.String()
}

// send makes one request with the given method, query and Origin on the attempt's
// callback path and returns the status and body.
func send(t *testing.T, a *Attempt, method, query, origin string) (int, http.Header, string) {
	t.Helper()
	u, _ := url.Parse(a.RedirectURI())
	u.RawQuery = query
	var body io.Reader
	if method == "POST" || method == "PUT" {
		body = strings.NewReader("code=c&state=" + a.State())
	}
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		t.Fatal(err)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
		if method == "OPTIONS" { // a CORS preflight
			req.Header.Set("Access-Control-Request-Method", "GET")
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// wrong is a state that differs from s in its first character only.
func wrong(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

// A request on the callback path that does not carry the attempt's state, or is not a
// GET, must not end the attempt: any local web page can send one.
func TestForeignRequestsLeaveTheAttemptPending(t *testing.T) {
	queries := []struct {
		name  string
		query func(state string) string
	}{
		{"right state", func(s string) string { return "code=c&state=" + s }},
		{"wrong state", func(s string) string { return "code=c&state=" + wrong(s) }},
		{"no state", func(string) string { return "code=c" }},
		{"empty state", func(string) string { return "code=c&state=" }},
		{"no query", func(string) string { return "" }},
		{"error, wrong state", func(string) string { return "error=access_denied&state=nope" }},
		{"error, no state", func(string) string { return "error=access_denied" }},
	}
	for _, method := range []string{"GET", "POST", "OPTIONS", "HEAD", "PUT"} {
		for _, q := range queries {
			if method == "GET" && q.name == "right state" {
				continue // the real callback
			}
			for _, origin := range []string{"", "https://evil.example"} {
				name := method + "/" + q.name
				if origin != "" {
					name += "/origin"
				}
				t.Run(name, func(t *testing.T) {
					log := newSyncBuffer()
					a := start(t, Options{Log: slog.New(slog.NewTextHandler(log, nil))})
					status, h, body := send(t, a, method, q.query(a.State()), origin)
					if status < 400 || status >= 500 {
						t.Errorf("status = %d, want an error", status)
					}
					if method != "HEAD" && !strings.Contains(body, "ignored") {
						t.Errorf("no error page: %s", body)
					}
					if h.Get("Access-Control-Allow-Origin") != "" {
						t.Error("the answer lets another origin read it")
					}
					select {
					case <-a.Done():
						_, err := waitResult(t, a)
						t.Fatalf("the attempt ended: %v", err)
					default:
					}
					got := log.String()
					if !strings.Contains(got, "ignored") || !strings.Contains(got, "method="+method) {
						t.Errorf("log = %q, want a line about the ignored %s", got, method)
					}
					if strings.Contains(got, a.State()) || strings.Contains(got, "code=") {
						t.Errorf("log shows the state or the code: %q", got)
					}
					status, _, _ = send(t, a, "GET", "code=the-code&state="+a.State(), "")
					if status != http.StatusOK {
						t.Errorf("the real callback got %d", status)
					}
					if res, err := waitResult(t, a); err != nil || res.Code != "the-code" {
						t.Fatalf("got %+v, %v; want the code", res, err)
					}
				})
			}
		}
	}
}

// A page in a loop is not logged line by line.
func TestIgnoredRequestsAreLoggedSparingly(t *testing.T) {
	log := newSyncBuffer()
	a := start(t, Options{Log: slog.New(slog.NewTextHandler(log, nil))})
	for range 100 {
		send(t, a, "GET", "code=c", "https://evil.example")
	}
	if n := strings.Count(log.String(), "\n"); n == 0 || n > 10 {
		t.Errorf("%d log lines for 100 ignored requests:\n%s", n, log)
	}
}

// An idle keep-alive connection to the listener is closed by the listener.
func TestIdleConnectionsAreClosed(t *testing.T) {
	a := start(t, Options{idleTimeout: 100 * time.Millisecond})
	u, _ := url.Parse(a.RedirectURI())
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET /favicon.ico HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		t.Fatal("the server closed the connection itself: not a keep-alive test")
	}
	// A safety net only: the connection is expected to close long before.
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatal("an idle keep-alive connection was still open after 5 s")
		}
		t.Fatalf("read: %v, want EOF", err)
	}
	select {
	case <-a.Done():
		t.Error("closing an idle connection ended the attempt")
	default:
	}
}

func TestIdleTimeoutIsAFewSeconds(t *testing.T) {
	a := start(t, Options{})
	if d := a.srv.IdleTimeout; d < time.Second || d > 10*time.Second {
		t.Errorf("IdleTimeout = %v", d)
	}
}

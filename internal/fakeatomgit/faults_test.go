package fakeatomgit

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawExchange sends a 2023 exchange and returns the raw answer.
func (f *fixture) rawExchange(client *http.Client, code string) (*http.Response, []byte, error) {
	body := `{"client_id":"` + DefaultClientID + `","client_secret":"` + DefaultClientSecret + `","code":"` + code + `"}`
	resp, err := client.Post(f.ts.URL+"/login/oauth/access_token", "application/json", strings.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaultsAnswer(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fault     Fault
		status    int
		ctype     string
		body      string // substring
		size      int
		retry     string
		validJSON bool
	}{
		{name: "status", fault: Fault{Status: 503, RetryAfter: "7"}, status: 503, ctype: "application/json",
			body: `"error":"temporarily_unavailable"`, retry: "7", validJSON: true},
		{name: "status and body", fault: Fault{Status: 403, Body: `{"message":"rate limit"}`}, status: 403,
			body: `{"message":"rate limit"}`, validJSON: true},
		{name: "html", fault: Fault{HTML: true}, status: 502, ctype: "text/html", body: "<h1>502 Bad Gateway</h1>"},
		{name: "invalid json", fault: Fault{InvalidJSON: true}, status: 200, ctype: "application/json", body: `{"access_token":"atu_`},
		{name: "no access token", fault: Fault{NoAccessToken: true}, status: 200, body: `"expires_in"`, validJSON: true},
		{name: "huge body", fault: Fault{HugeBody: 10 << 20}, status: 200, size: 10 << 20},
		{name: "content type", fault: Fault{Status: 500, Body: "oops", ContentType: "text/plain"}, status: 500, ctype: "text/plain", body: "oops"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, Options{})
			code := f.code()
			f.srv.SetFault(RouteToken, tc.fault)
			resp, body, err := f.rawExchange(http.DefaultClient, code)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); tc.ctype != "" && !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if !strings.Contains(string(body), tc.body) {
				t.Errorf("body %.200q lacks %q", body, tc.body)
			}
			if tc.size != 0 && len(body) != tc.size {
				t.Errorf("body is %d bytes, want %d", len(body), tc.size)
			}
			if got := resp.Header.Get("Retry-After"); got != tc.retry {
				t.Errorf("Retry-After %q, want %q", got, tc.retry)
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); (err == nil) != tc.validJSON {
				t.Errorf("body is valid JSON: %v, want %v", err == nil, tc.validJSON)
			}
			if _, ok := m["access_token"]; ok {
				t.Error("a fault answered an access token")
			}
			if st := f.srv.Stats(); st.Exchanges != 1 || st.TokensIssued != 0 {
				t.Errorf("stats = %+v", st)
			}
			// The fault stays until cleared; then the code still works.
			if resp, _, _ := f.rawExchange(http.DefaultClient, code); resp.StatusCode != tc.status {
				t.Errorf("second request: %d, want the fault again", resp.StatusCode)
			}
			f.srv.ClearFaults()
			if status, m := f.exchange2023(code); status != 200 {
				t.Errorf("after ClearFaults: %d %v", status, m)
			}
		})
	}
}

func TestFaultTimes(t *testing.T) {
	f := newFixture(t, Options{})
	f.srv.SetFault(RouteUser, Fault{Status: 500, Times: 2})
	for i, want := range []int{500, 500, 401, 401} {
		status, m := f.user("/api/v5/user", "atu_x")
		if status != want {
			t.Errorf("request %d: %d %v, want %d", i, status, m, want)
		}
		if status == 500 && str(m, "message") != "500 Internal Server Error" {
			t.Errorf("default user fault body: %v", m)
		}
	}
}

func TestFaultHangAndDelay(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	f.srv.SetFault(RouteToken, Fault{Hang: true, Times: 1})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if _, _, err := f.rawExchange(client, code); err == nil {
		t.Fatal("hang: the request got an answer")
	}
	f.srv.SetFault(RouteToken, Fault{Delay: 20 * time.Millisecond, Times: 1})
	start := time.Now()
	resp, _, err := f.rawExchange(http.DefaultClient, code)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("delay: %v %v, want a normal answer", err, resp)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Error("delay: answered early")
	}
	f.srv.SetFault(RouteToken, Fault{Delay: time.Hour})
	if _, _, err := f.rawExchange(client, code); err == nil {
		t.Error("long delay: answered before the client's timeout")
	}
}

// hungRequest starts a server whose user route hangs, and a request to it; it returns
// once the server is handling the request, with where the request's error will come.
func hungRequest(t *testing.T) (*Server, <-chan error) {
	t.Helper()
	s := New(Options{})
	if err := s.Start(t.Context(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	s.SetFault(RouteUser, Fault{Hang: true})
	_, _, userURL := s.EndpointCurrent()
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Get(userURL)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	if err := s.Wait(t.Context(), func(st Stats) bool { return st.UserCalls == 1 }); err != nil {
		t.Fatal(err)
	}
	return s, errc
}

func TestFaultHangEndsOnClose(t *testing.T) {
	s, errc := hungRequest(t)
	s.Close()
	if err := <-errc; err == nil {
		t.Error("the hung request got an answer")
	}
}

func TestFaultReset(t *testing.T) {
	f := newFixture(t, Options{})
	f.srv.SetFault(RouteAuthorize, Fault{Reset: true})
	_, err := http.Get(f.ts.URL + authorizeQuery(false, "s"))
	if err == nil {
		t.Fatal("reset: the request got an answer")
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("reset looked like a timeout: %v", err)
	}
}

func TestFaultOnLoginPage(t *testing.T) {
	f := newFixture(t, Options{})
	f.srv.SetFault(RouteLogin, Fault{HTML: true, Status: 504})
	p := f.browser().get(authorizeQuery(false, "s"))
	if p.StatusCode != 504 || !strings.Contains(p.body, "504 Gateway Timeout") {
		t.Errorf("login fault: %d", p.StatusCode)
	}
	f.srv.SetFault(RouteLogin, Fault{})
	if p := f.browser().get("/login"); p.StatusCode != 200 {
		t.Errorf("after setting the zero Fault: %d", p.StatusCode)
	}
}

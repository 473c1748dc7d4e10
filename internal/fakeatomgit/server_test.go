package fakeatomgit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStartAndEndpoints(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s := New(Options{})
	if s.URL() != "" {
		t.Errorf("URL before Start = %q", s.URL())
	}
	if err := s.Start(ctx, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	base := s.URL()
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("URL = %q", base)
	}
	if err := s.Start(ctx, "127.0.0.1:0"); err == nil {
		t.Error("a second Start succeeded")
	}
	a, tk, u := s.Endpoint2023()
	if a != base+"/login/oauth/authorize" || tk != base+"/login/oauth/access_token" || u != base+"/user/info" {
		t.Errorf("Endpoint2023 = %s %s %s", a, tk, u)
	}
	a, tk, u = s.EndpointCurrent()
	if a != base+"/oauth/authorize" || tk != base+"/oauth/token" || u != base+"/api/v5/user" {
		t.Errorf("EndpointCurrent = %s %s %s", a, tk, u)
	}
	resp, err := http.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /login: %d", resp.StatusCode)
	}

	cancel()
	waitCtx, stop := context.WithTimeout(t.Context(), 5*time.Second)
	defer stop()
	if err := s.Wait(waitCtx, func(Stats) bool { return false }); !errors.Is(err, ErrClosed) {
		t.Fatalf("Wait after the context ended: %v, want ErrClosed", err)
	}
	if _, err := http.Get(base + "/login"); err == nil {
		t.Error("the server still answers after its context ended")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Start(t.Context(), "127.0.0.1:0"); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: %v, want ErrClosed", err)
	}
}

func TestWait(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code()
	done := make(chan error, 1)
	go func() {
		done <- f.srv.Wait(t.Context(), func(st Stats) bool { return st.TokensIssued == 1 })
	}()
	if status, m := f.exchange2023(code); status != 200 {
		t.Fatalf("exchange: %d %v", status, m)
	}
	if err := <-done; err != nil {
		t.Errorf("Wait: %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := f.srv.Wait(ctx, func(st Stats) bool { return st.Refreshes > 0 }); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a cancelled context: %v", err)
	}
	if err := f.srv.Wait(ctx, func(st Stats) bool { return st.Exchanges == 1 }); err != nil {
		t.Errorf("Wait for a true predicate: %v", err)
	}
}

// Example shows the demo's use: start the fake on a loopback port and point
// the app's configuration at it.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := New(Options{AccessLifetime: 2 * time.Minute, RedirectURIs: []string{"http://127.0.0.1:8765/callback"}})
	if err := srv.Start(ctx, "127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()
	authorizeURL, tokenURL, userURL := srv.Endpoint2023()
	fmt.Println(strings.TrimPrefix(authorizeURL, srv.URL()))
	fmt.Println(strings.TrimPrefix(tokenURL, srv.URL()))
	fmt.Println(strings.TrimPrefix(userURL, srv.URL()))
	// Output:
	// /login/oauth/authorize
	// /login/oauth/access_token
	// /user/info
}

// Stop returns once no request is being handled, and the server handles none after it.
func TestStopWaitsForTheRequestsUnderWay(t *testing.T) {
	s, errc := hungRequest(t)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if n := s.Stats().InFlight; n != 0 {
		t.Errorf("%d requests still handled after Stop", n)
	}
	before := s.Stats()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/user/info", nil))
	if rec.Code != http.StatusServiceUnavailable || s.Stats() != before {
		t.Errorf("a request after Stop: %d, stats %+v, want 503 and nothing handled", rec.Code, s.Stats())
	}
	<-errc
}

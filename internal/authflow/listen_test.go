package authflow

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// needIPv6Loopback skips a test on a machine where [::1] cannot be bound: there, no other
// program can take a callback on it either.
func needIPv6Loopback(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("this machine has no IPv6 loopback ([::1] cannot be bound: %v), so nothing can take a localhost callback there", err)
	}
	ln.Close()
}

// A browser may try [::1] first for localhost: another program that holds [::1] on the
// port must not receive the code, so starting the attempt fails and names it.
func TestLocalhostRefusesWhenIPv6LoopbackIsTaken(t *testing.T) {
	needIPv6Loopback(t)
	var other net.Listener
	var port string
	for range 10 { // a port that is free on 127.0.0.1 but taken on [::1]
		ln, err := net.Listen("tcp6", "[::1]:0")
		if err != nil {
			t.Fatal(err)
		}
		port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		if v4, err := net.Listen("tcp4", "127.0.0.1:"+port); err == nil {
			v4.Close()
			other = ln
			break
		}
		ln.Close()
	}
	if other == nil {
		t.Fatal("no port free on 127.0.0.1 whose [::1] twin could be taken")
	}
	defer other.Close()

	a, err := Start(context.Background(), Options{RedirectURI: "http://localhost:" + port + "/callback"})
	if err == nil {
		a.Cancel()
		t.Fatalf("started while another listener holds [::1]:%s", port)
	}
	var pe *PortInUseError
	if !errors.As(err, &pe) || pe.Addr != "[::1]:"+port {
		t.Fatalf("err = %v, want PortInUseError for [::1]:%s", err, port)
	}
	// Nothing of the failed attempt stays open on 127.0.0.1.
	ln, err := net.Listen("tcp4", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("127.0.0.1:%s still held after the failed start: %v", port, err)
	}
	ln.Close()
}

// With a free port, the attempt holds [::1] too, and a callback there decides it.
func TestLocalhostOwnsBothLoopbacks(t *testing.T) {
	needIPv6Loopback(t)
	a := start(t, Options{RedirectURI: "http://localhost:0/callback"})
	u, _ := url.Parse(a.RedirectURI())
	if u.Hostname() != "localhost" {
		t.Errorf("redirect URI %q does not keep localhost", a.RedirectURI())
	}
	if ln, err := net.Listen("tcp6", "[::1]:"+u.Port()); err == nil {
		ln.Close()
		t.Fatalf("another program could bind [::1]:%s beside the attempt", u.Port())
	}
	if ln, err := net.Listen("tcp4", "127.0.0.1:"+u.Port()); err == nil {
		ln.Close()
		t.Fatalf("another program could bind 127.0.0.1:%s beside the attempt", u.Port())
	}
	resp, err := http.Get("http://[::1]:" + u.Port() + "/callback?code=v6&state=" + a.State())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res, err := waitResult(t, a); err != nil || res.Code != "v6" {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestIPv6LiteralListensOnIPv6Only(t *testing.T) {
	needIPv6Loopback(t)
	a := start(t, Options{RedirectURI: "http://[::1]:0/callback"})
	u, _ := url.Parse(a.RedirectURI())
	if u.Hostname() != "::1" || u.Port() == "0" {
		t.Fatalf("redirect URI = %q", a.RedirectURI())
	}
	get(t, a, "GET", "/callback?code=c&state="+a.State())
	if res, err := waitResult(t, a); err != nil || res.Code != "c" {
		t.Fatalf("got %+v, %v", res, err)
	}
}

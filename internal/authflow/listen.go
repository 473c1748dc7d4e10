package authflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// listen opens the listeners for a redirect URI's host and port, on loopback only.
//
// A loopback IP is listened on as it is. For localhost, a browser picks the address
// itself and may try [::1] before 127.0.0.1, so both are held on the same port: were
// [::1] left free, another local user could bind it and receive the code (RFC 8252 §8.3).
// A machine without IPv6 loopback gets 127.0.0.1 only; nobody can bind [::1] there.
// Port 0 picks a port free on both.
func listen(ctx context.Context, host, port string) ([]net.Listener, error) {
	if host != "localhost" {
		ln, err := listenOne(ctx, "tcp", net.JoinHostPort(host, port))
		if err != nil {
			return nil, err
		}
		return []net.Listener{ln}, nil
	}
	tries := 1
	if port == "0" {
		tries = 10 // a free port on 127.0.0.1 may be taken on [::1]
	}
	for i := 0; ; i++ {
		v4, err := listenOne(ctx, "tcp4", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			return nil, err
		}
		p := fmt.Sprint(v4.Addr().(*net.TCPAddr).Port)
		v6, err := listenOne(ctx, "tcp6", net.JoinHostPort("::1", p))
		switch {
		case err == nil:
			return []net.Listener{v4, v6}, nil
		case noIPv6Loopback(err):
			return []net.Listener{v4}, nil
		}
		v4.Close()
		var pe *PortInUseError
		if !errors.As(err, &pe) || i+1 >= tries {
			return nil, err
		}
	}
}

func listenOne(ctx context.Context, network, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, network, addr)
	if err != nil {
		if errors.Is(err, errAddrInUse) {
			return nil, &PortInUseError{Addr: addr, Err: err}
		}
		return nil, fmt.Errorf("authflow: listen on %s: %w", addr, err)
	}
	return ln, nil
}

// noIPv6Loopback says that [::1] cannot be bound because the machine has no IPv6
// loopback (IPv6 disabled, or no ::1 on lo). Any other error is not taken as one.
func noIPv6Loopback(err error) bool {
	return errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT)
}

package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// checkCredentialURL accepts a URL that credentials may be sent to: the token URL
// (the client secret, the code, the refresh token) and the user URL (the access
// token). It must be https, unless it points at this computer (a loopback address or
// localhost), where a local test server may speak plain http.
func checkCredentialURL(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("must be an https URL, not %q", v)
	}
	if strings.EqualFold(u.Scheme, "https") || (strings.EqualFold(u.Scheme, "http") && isLoopbackHost(u.Hostname())) {
		return nil
	}
	return fmt.Errorf("must be an https URL, since credentials are sent to it (plain http only to a loopback address such as http://127.0.0.1:8080/…), not %q", v)
}

// isLoopbackHost reports whether host (without a port or brackets) names this
// computer: localhost, 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

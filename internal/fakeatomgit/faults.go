package fakeatomgit

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Route names a group of endpoints a Fault can be set on. A fault on a route
// applies to both API profiles.
type Route string

// The routes faults can be set on.
const (
	RouteAuthorize Route = "authorize" // /login/oauth/authorize and /oauth/authorize, GET and POST
	RouteToken     Route = "token"     // /login/oauth/access_token and /oauth/token
	RouteUser      Route = "user"      // /user/info and /api/v5/user
	RouteLogin     Route = "login"     // /login, GET and POST
)

// Fault makes a route misbehave. Fields combine in this order: Hold, Delay, then
// Hang or Reset, then one answer (HugeBody, InvalidJSON, NoAccessToken, HTML,
// or Status/Body). A Fault with only Hold, Delay or RetryAfter set answers normally
// after the delay. Requests answered by a fault still count in Stats.
type Fault struct {
	// Status is the HTTP status to answer. Default: 200 for HugeBody,
	// InvalidJSON and NoAccessToken, 502 for HTML, 500 otherwise.
	Status int
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Body is the raw body to answer with Status. Default: a JSON error,
	// {"error":…,"error_description":…} on RouteToken and {"message":…}
	// elsewhere.
	Body string
	// ContentType overrides the answer's Content-Type.
	ContentType string
	// HTML answers a proxy's HTML error page.
	HTML bool
	// InvalidJSON answers a truncated JSON document.
	InvalidJSON bool
	// NoAccessToken answers 200 JSON without an access_token.
	NoAccessToken bool
	// HugeBody answers this many bytes of JSON-looking garbage.
	HugeBody int
	// Hang blocks until the request's context ends (the client gives up) or
	// the server is closed, then drops the request without an answer.
	Hang bool
	// Hold keeps the request waiting until the channel is closed (or the
	// request's context ends, or the server closes), then applies the rest of
	// the Fault: a refresh "in flight" for exactly as long as a test wants.
	Hold <-chan struct{}
	// Delay waits this long (real time; cut short when the request's context
	// ends) before answering.
	Delay time.Duration
	// Reset hijacks the connection and closes it (with a TCP RST) without
	// answering. It needs a real connection: under httptest.ResponseRecorder
	// the handler panics with http.ErrAbortHandler.
	Reset bool
	// Times applies the fault to the next Times requests on the route only;
	// 0 applies it until ClearFaults or SetFault replaces it.
	Times int
}

// SetFault makes route misbehave as f says, replacing any fault set on it.
// Setting the zero Fault clears the route's fault.
func (s *Server) SetFault(route Route, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == (Fault{}) {
		delete(s.faults, route)
		return
	}
	s.faults[route] = &f
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// takeFault returns the fault set on route, using up one of its Times.
func (s *Server) takeFault(route Route) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.faults[route]
	if !ok {
		return Fault{}, false
	}
	out := *f
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(s.faults, route)
		}
	}
	return out, true
}

// applyFault serves the fault set on route, if any. It reports whether the
// request has been dealt with; false means the handler answers normally.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, route Route) bool {
	f, ok := s.takeFault(route)
	if !ok {
		return false
	}
	if f.Hold != nil {
		select {
		case <-f.Hold:
		case <-r.Context().Done():
			return true
		case <-s.closed:
			return true
		}
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return true
		case <-s.closed:
			return true
		}
	}
	switch {
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return true
	case f.Reset:
		resetConn(w)
		return true
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.HugeBody > 0:
		writeFault(w, f, http.StatusOK, "application/json", "")
		writeGarbage(w, f.HugeBody)
	case f.InvalidJSON:
		writeFault(w, f, http.StatusOK, "application/json", `{"access_token":"atu_`)
	case f.NoAccessToken:
		writeFault(w, f, http.StatusOK, "application/json", `{"token_type":"bearer","expires_in":28800,"scope":"user_info"}`)
	case f.HTML:
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
			"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
		writeFault(w, f, status, "text/html", page)
	case f.Status != 0 || f.Body != "":
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		writeFault(w, f, status, "application/json; charset=utf-8", defaultErrorBody(route, status))
	default:
		return false
	}
	return true
}

// writeFault writes the header for f (status and content type defaulting to
// the given ones) and body, unless f.Body replaces it.
func writeFault(w http.ResponseWriter, f Fault, status int, contentType, body string) {
	if f.Status != 0 {
		status = f.Status
	}
	if f.ContentType != "" {
		contentType = f.ContentType
	}
	if f.Body != "" && !f.HTML && f.HugeBody == 0 {
		body = f.Body
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(body)) //nolint:errcheck // the client went away.
}

// writeGarbage writes n bytes that start like a JSON object and never end.
func writeGarbage(w http.ResponseWriter, n int) {
	const head = `{"access_token":"`
	chunk := []byte(strings.Repeat("x", 32<<10))
	if n <= len(head) {
		w.Write([]byte(head[:n])) //nolint:errcheck
		return
	}
	if _, err := w.Write([]byte(head)); err != nil {
		return
	}
	for left := n - len(head); left > 0; left -= len(chunk) {
		if left < len(chunk) {
			chunk = chunk[:left]
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// defaultErrorBody is the JSON error a Status fault answers with by default.
func defaultErrorBody(route Route, status int) string {
	text := http.StatusText(status)
	if route != RouteToken {
		return fmt.Sprintf(`{"message":%q}`, fmt.Sprintf("%d %s", status, text))
	}
	code := "server_error"
	switch status {
	case http.StatusBadRequest:
		code = "invalid_request"
	case http.StatusUnauthorized:
		code = "invalid_client"
	case http.StatusForbidden:
		code = "access_denied"
	case http.StatusTooManyRequests:
		code = "slow_down"
	case http.StatusServiceUnavailable:
		code = "temporarily_unavailable"
	}
	return fmt.Sprintf(`{"error":%q,"error_description":%q}`, code, text)
}

// resetConn closes the request's connection without an answer, with a TCP
// RST where possible.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) //nolint:errcheck // best effort: a FIN is fine too.
	}
	conn.Close()
}

// SetAccessLifetime changes how long the access tokens issued from now on are valid
// (Options.AccessLifetime), for a test whose first token must expire soon and whose
// refreshed one must not, however slow the machine.
func (s *Server) SetAccessLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.AccessLifetime = d
}

// SetExpiresIn changes the expires_in announced for the tokens issued from now on
// (Options.ExpiresIn; nil: the true one), for a test whose session begins with good
// tokens and then meets short-lived ones.
func (s *Server) SetExpiresIn(f func(now time.Time) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.ExpiresIn = f
}

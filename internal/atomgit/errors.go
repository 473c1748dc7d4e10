package atomgit

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a failed request to the server; callers branch on it with
// errors.As, or with [IsInvalidGrant] and [IsTemporary].
type Error struct {
	Op          string        // "exchange", "refresh", "user"; "token" from ParseToken, "user" from ParseUser
	StatusCode  int           // 0 when no HTTP answer
	Code        string        // e.g. "invalid_grant", "access_denied", "BAD_REQUEST"; "" when unknown
	Message     string        // a short human sentence from the server or ours; never a body dump, never HTML, never a token
	RetryAfter  time.Duration // from Retry-After (seconds or HTTP date) on 429/503 and rate-limited 403
	RateLimited bool          // 429, or 403 with X-RateLimit-Remaining: 0 or a rate-limit message
	Err         error         // the underlying cause (network error, timeout, parse error), may be nil
}

// ErrMalformed is found (with errors.Is) in the chain of an *Error whose
// answer could not be understood: a web page, garbage, invalid JSON, a
// missing access token or a body over 1 MiB.
var ErrMalformed = errors.New("atomgit: the answer could not be understood")

// errBadEndpoint marks a request that could not even be built: the
// configured URL or style is wrong. Retrying will not help.
var errBadEndpoint = errors.New("atomgit: bad endpoint configuration")

// errTooLarge is the cause when an answer exceeds maxBody.
var errTooLarge = errors.New("the answer is larger than 1 MiB")

// malformed wraps the cause of an unreadable answer so that it matches both
// ErrMalformed and the cause.
type malformed struct{ cause error }

func (m *malformed) Error() string {
	if m.cause == nil {
		return ErrMalformed.Error()
	}
	return m.cause.Error()
}

func (m *malformed) Unwrap() []error {
	if m.cause == nil {
		return []error{ErrMalformed}
	}
	return []error{ErrMalformed, m.cause}
}

func malformedError(msg string, cause error) *Error {
	return &Error{Message: msg, Err: &malformed{cause}}
}

// Error returns e.g. "atomgit: refresh: the grant was refused (invalid_grant, HTTP 400)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("atomgit: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	msg := e.Message
	if msg == "" {
		msg = "the request failed"
	}
	b.WriteString(msg)
	var details []string
	if e.Code != "" && !strings.Contains(msg, e.Code) {
		details = append(details, e.Code)
	}
	if e.StatusCode != 0 {
		details = append(details, "HTTP "+strconv.Itoa(e.StatusCode))
	}
	if len(details) > 0 {
		b.WriteString(" (" + strings.Join(details, ", ") + ")")
	}
	if e.Err != nil && e.Err != ErrMalformed {
		if m, ok := e.Err.(*malformed); !ok || m.cause != nil {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// IsInvalidGrant reports whether err means the token endpoint refused the
// code or refresh token (invalid_grant and its kin, or HTTP 400/401/403 on an
// exchange or refresh): a person must sign in again. A rate limit is not a
// refusal.
func IsInvalidGrant(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.temporary() {
		return false
	}
	switch e.Op {
	case "exchange", "refresh", "token":
	default:
		return false
	}
	switch e.StatusCode {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
		return true
	}
	return refusalCodes[strings.ToLower(e.Code)]
}

// IsTemporary reports whether err is worth retrying later while keeping the
// tokens: a network error or timeout, HTTP 5xx, 408 or 429, a rate limit, or
// an answer that could not be understood.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.temporary()
}

func (e *Error) temporary() bool {
	switch {
	case e.RateLimited, e.StatusCode == http.StatusTooManyRequests,
		e.StatusCode == http.StatusRequestTimeout, e.StatusCode >= 500:
		return true
	case errors.Is(e.Err, errBadEndpoint):
		return false
	case e.StatusCode == 0:
		return e.Err != nil // no answer at all: network, timeout, cancellation
	case e.StatusCode < 400 && errors.Is(e.Err, ErrMalformed):
		return true
	}
	return temporaryCodes[strings.ToLower(e.Code)]
}

// refusalCodes are error codes by which a token endpoint refuses a grant.
var refusalCodes = map[string]bool{
	"invalid_grant": true, "invalid_request": true, "invalid_client": true,
	"unauthorized_client": true, "access_denied": true, "invalid_token": true,
	"expired_token": true, "unsupported_grant_type": true, "invalid_scope": true,
	"bad_request": true, "unauthorized": true, "forbidden": true,
}

// temporaryCodes are error codes that ask the client to come back later.
var temporaryCodes = map[string]bool{
	"server_error": true, "temporarily_unavailable": true, "slow_down": true,
	"too_many_requests": true, "internal_server_error": true, "service_unavailable": true,
}

// codeMessages are our sentences for codes sent without a description.
var codeMessages = map[string]string{
	"invalid_grant":           "the sign-in code or refresh token was refused",
	"invalid_client":          "the app's client ID or secret was refused",
	"invalid_request":         "the server refused the request as invalid",
	"unauthorized_client":     "this app may not sign in this way",
	"access_denied":           "access was denied",
	"unsupported_grant_type":  "the server does not support this kind of sign-in",
	"invalid_scope":           "the requested permissions were refused",
	"server_error":            "the server had an internal error",
	"temporarily_unavailable": "the server is temporarily unavailable",
}

// statusMessage is our sentence for an error status without a usable body.
func statusMessage(status int) string {
	switch {
	case status == http.StatusBadRequest:
		return "the server refused the request"
	case status == http.StatusUnauthorized:
		return "the server refused the credentials"
	case status == http.StatusForbidden:
		return "access was refused"
	case status == http.StatusNotFound:
		return "the server has no such endpoint"
	case status == http.StatusTooManyRequests:
		return "too many requests; try again later"
	case status >= 500:
		return "the server had a problem; try again later"
	}
	return "the request failed"
}

// statusError builds the *Error for a non-2xx answer.
func statusError(status int, header http.Header, body []byte, now time.Time, secrets []string) *Error {
	e := bodyError(body, secrets)
	e.StatusCode = status
	if e.Message == "" {
		e.Message = statusMessage(status)
	}
	if status == http.StatusTooManyRequests ||
		(status == http.StatusForbidden && (strings.TrimSpace(header.Get("X-RateLimit-Remaining")) == "0" || mentionsRateLimit(e.Message))) {
		e.RateLimited = true
	}
	if e.RateLimited || status == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), now)
	}
	return e
}

// bodyError reads the error fields of an error answer's body. An empty body
// gives an empty *Error; a web page or garbage gives a malformed one.
func bodyError(body []byte, secrets []string) *Error {
	if len(trimBody(body)) == 0 {
		return &Error{}
	}
	obj, e := jsonObject(body)
	if e != nil {
		return e
	}
	var raw tokenJSON // the error fields, and any token to keep out of the message
	if err := json.Unmarshal(obj, &raw); err != nil {
		return malformedError("the error answer could not be read", err)
	}
	access, _ := jsonString(raw.AccessToken)
	refresh, _ := jsonString(raw.RefreshToken)
	secrets = append(secrets[:len(secrets):len(secrets)], access, refresh)
	if e := raw.serverError(secrets); e != nil {
		return e
	}
	return &Error{}
}

func mentionsRateLimit(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "rate limit") || strings.Contains(m, "too many")
}

// maxRetryAfter caps what a server may ask us to wait.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.ParseInt(h, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return min(time.Duration(min(n, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter)
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}

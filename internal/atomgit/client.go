package atomgit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// defaultHTTP is used when Client.HTTP is nil. It is safe for concurrent use.
var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

// Client talks to one OAuth app on one server. Its fields must not change
// while it is in use; then it is safe for concurrent use.
type Client struct {
	Endpoint     Endpoint
	ClientID     string
	ClientSecret string
	RedirectURI  string
	HTTP         *http.Client     // nil: a default client with a 30 s timeout
	Now          func() time.Time // nil: time.Now
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// AuthorizeURL returns the page that asks the person to sign in and
// authorize the app: client_id, state and redirect_uri (when set), plus
// response_type=code and scope when the endpoint asks for them, and the PKCE
// challenge of an S256ChallengeOption. Query parameters already in
// Endpoint.AuthorizeURL are kept.
func (c *Client) AuthorizeURL(state string, opts ...AuthOption) string {
	base := c.Endpoint.AuthorizeURL
	var q url.Values
	u, err := url.Parse(base)
	if err == nil {
		q = u.Query()
	} else {
		q = url.Values{}
	}
	if c.Endpoint.ResponseType {
		q.Set("response_type", "code")
	}
	q.Set("client_id", c.ClientID)
	if state != "" {
		q.Set("state", state)
	}
	if c.RedirectURI != "" {
		q.Set("redirect_uri", c.RedirectURI)
	}
	if len(c.Endpoint.Scopes) > 0 {
		q.Set("scope", strings.Join(c.Endpoint.Scopes, " "))
	}
	for _, o := range opts {
		if o.challenge != "" {
			q.Set("code_challenge", o.challenge)
			q.Set("code_challenge_method", "S256")
		}
	}
	if err != nil {
		return base + "?" + q.Encode()
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Exchange trades the code from the authorize redirect for a token. With a
// VerifierOption it sends the sign-in's PKCE code_verifier too.
func (c *Client) Exchange(ctx context.Context, code string, opts ...AuthOption) (*Token, error) {
	var verifier string
	for _, o := range opts {
		if o.verifier != "" {
			verifier = o.verifier
		}
	}
	var form url.Values
	var body any
	switch c.Endpoint.Style {
	case StyleForm:
		form = url.Values{
			"grant_type":    {"authorization_code"},
			"code":          {code},
			"client_id":     {c.ClientID},
			"client_secret": {c.ClientSecret},
		}
		if c.RedirectURI != "" {
			form.Set("redirect_uri", c.RedirectURI)
		}
		if verifier != "" {
			form.Set("code_verifier", verifier)
		}
	default:
		// Exactly the three fields of AtomGit's 2023 documentation, and the verifier
		// when the sign-in has one.
		body = struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			Code         string `json:"code"`
			CodeVerifier string `json:"code_verifier,omitempty"`
		}{c.ClientID, c.ClientSecret, code, verifier}
	}
	return c.token(ctx, "exchange", form, body, code, verifier)
}

// Refresh trades a refresh token for a new token: the server's answer as it
// is. A server that does not rotate may leave RefreshToken empty; the caller
// merges the answer with what it had (session does, in one place).
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	var form url.Values
	var body any
	switch c.Endpoint.Style {
	case StyleForm:
		form = url.Values{
			"grant_type":    {"refresh_token"},
			"refresh_token": {refreshToken},
			"client_id":     {c.ClientID},
			"client_secret": {c.ClientSecret},
		}
	default:
		body = struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			GrantType    string `json:"grant_type"`
			RefreshToken string `json:"refresh_token"`
		}{c.ClientID, c.ClientSecret, "refresh_token", refreshToken}
	}
	return c.token(ctx, "refresh", form, body, refreshToken)
}

// token POSTs a form (StyleForm) or a JSON body to the token endpoint and
// reads the answer. grant is the code or refresh token (and the PKCE
// verifier), kept out of errors.
func (c *Client) token(ctx context.Context, op string, form url.Values, body any, grant ...string) (*Token, error) {
	secrets := append([]string{c.ClientSecret}, grant...)
	if s := c.Endpoint.Style; s != "" && s != StyleJSON && s != StyleForm {
		return nil, &Error{Op: op, Message: "the endpoint has an unknown request style", Err: errBadEndpoint}
	}
	var payload, contentType string
	if form != nil {
		payload, contentType = form.Encode(), "application/x-www-form-urlencoded"
	} else {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, &Error{Op: op, Message: "the request could not be encoded", Err: err}
		}
		payload, contentType = string(b), "application/json"
	}
	req, e := newRequest(ctx, op, http.MethodPost, c.Endpoint.TokenURL, strings.NewReader(payload))
	if e != nil {
		return nil, e
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	resp, respBody, e := c.do(req, op, secrets)
	if e != nil {
		return nil, e
	}
	tok, e := parseToken(respBody, c.now(), secrets)
	if e != nil {
		e.Op, e.StatusCode = op, resp.StatusCode
		return nil, e
	}
	return tok, nil
}

// User reads the account the access token belongs to.
func (c *Client) User(ctx context.Context, accessToken string) (*User, error) {
	const op = "user"
	req, e := newRequest(ctx, op, http.MethodGet, c.Endpoint.UserURL, nil)
	if e != nil {
		return nil, e
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	secrets := []string{accessToken, c.ClientSecret}
	resp, body, e := c.do(req, op, secrets)
	if e != nil {
		return nil, e
	}
	u, e := parseUser(body, secrets)
	if e != nil {
		e.Op, e.StatusCode = op, resp.StatusCode
		return nil, e
	}
	return u, nil
}

// do sends req and reads the whole answer. A transport failure, an unread
// body or a non-2xx status is an *Error.
func (c *Client) do(req *http.Request, op string, secrets []string) (*http.Response, []byte, *Error) {
	resp, err := guardRedirects(c.httpClient(), req).Do(req)
	if err != nil {
		return nil, nil, &Error{Op: op, Message: transportMessage(req.Context(), err), Err: err}
	}
	defer resp.Body.Close()
	var body []byte
	if resp.ContentLength > maxBody {
		err = errTooLarge
	} else {
		body, err = readBody(resp.Body)
	}
	if err != nil {
		msg := "the server's answer could not be read"
		if errors.Is(err, errTooLarge) {
			msg = "the server's answer is larger than 1 MiB"
		}
		return nil, nil, &Error{Op: op, StatusCode: resp.StatusCode, Message: msg, Err: &malformed{err}}
	}
	if e := redirectError(resp, op, secrets); e != nil {
		return nil, nil, e
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := statusError(resp.StatusCode, resp.Header, body, c.now(), secrets)
		e.Op = op
		return nil, nil, e
	}
	return resp, body, nil
}

// transportMessage says in a sentence why no answer came.
func transportMessage(ctx context.Context, err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return "the request was cancelled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "the server did not answer in time"
	}
	return "the server could not be reached"
}

// newRequest builds a request for an absolute http(s) URL; anything else is
// a configuration error, not a network one.
func newRequest(ctx context.Context, op, method, rawURL string, body io.Reader) (*http.Request, *Error) {
	u, err := url.Parse(rawURL)
	if err == nil && ((u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		err = errors.New("not an absolute http(s) URL")
	}
	var req *http.Request
	if err == nil {
		req, err = http.NewRequestWithContext(ctx, method, rawURL, body)
	}
	if err != nil {
		return nil, &Error{Op: op, Message: "the endpoint URL is not valid", Err: fmt.Errorf("%w: %w", errBadEndpoint, err)}
	}
	return req, nil
}

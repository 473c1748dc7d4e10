package atomgit

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The example of RFC 7636, appendix B.
const (
	rfcVerifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func TestS256ChallengeFromVerifierRFC7636(t *testing.T) {
	octets := []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173,
		187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83,
		132, 141, 121}
	if got := base64.RawURLEncoding.EncodeToString(octets); got != rfcVerifier {
		t.Fatalf("the RFC's octets encode to %q, want %q", got, rfcVerifier)
	}
	if got := S256ChallengeFromVerifier(rfcVerifier); got != rfcChallenge {
		t.Errorf("S256ChallengeFromVerifier(%q) = %q, want %q", rfcVerifier, got, rfcChallenge)
	}
}

func TestGenerateVerifier(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		v := GenerateVerifier()
		if len(v) < 43 || len(v) > 128 {
			t.Fatalf("verifier %q has %d characters, want 43 to 128", v, len(v))
		}
		if i := strings.IndexFunc(v, func(r rune) bool { return !unreserved(r) }); i >= 0 {
			t.Fatalf("verifier %q has %q, outside the unreserved set", v, v[i])
		}
		if seen[v] {
			t.Fatalf("verifier %q made twice", v)
		}
		seen[v] = true
	}
}

// unreserved is RFC 3986's unreserved set: ALPHA / DIGIT / "-" / "." / "_" / "~".
func unreserved(r rune) bool {
	return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~", r)
}

func TestAuthorizeURLWithPKCE(t *testing.T) {
	tests := []struct {
		name string
		opts []AuthOption
		want url.Values // code_challenge and code_challenge_method; nil: neither
	}{
		{"s256", []AuthOption{S256ChallengeOption(rfcVerifier)},
			url.Values{"code_challenge": {rfcChallenge}, "code_challenge_method": {"S256"}}},
		{"off", nil, nil},
		{"no verifier", []AuthOption{S256ChallengeOption("")}, nil},
		{"a verifier only goes with the exchange", []AuthOption{VerifierOption(rfcVerifier)}, nil},
	}
	for _, ep := range []Endpoint{Endpoint2023, EndpointCurrent} {
		c := &Client{Endpoint: ep, ClientID: testID, RedirectURI: testRedir}
		for _, tt := range tests {
			raw := c.AuthorizeURL("st-1", tt.opts...)
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			for _, k := range []string{"code_challenge", "code_challenge_method"} {
				if got, want := q[k], tt.want[k]; strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("%s, %s: %s = %q, want %q", ep.AuthorizeURL, tt.name, k, got, want)
				}
			}
			if q.Get("state") != "st-1" || q.Get("client_id") != testID {
				t.Errorf("%s, %s: %s lost the other parameters", ep.AuthorizeURL, tt.name, raw)
			}
			if strings.Contains(raw, rfcVerifier) {
				t.Errorf("%s, %s: the authorize URL carries the verifier: %s", ep.AuthorizeURL, tt.name, raw)
			}
		}
	}
}

func TestExchangeSendsTheVerifier(t *testing.T) {
	const answer = `{"access_token":"atu_1","expires_in":3600,"refresh_token":"refresh_1"}`
	tests := []struct {
		name  string
		style RequestStyle
		opts  []AuthOption
		req   stub
	}{
		{"JSON", StyleJSON, []AuthOption{VerifierOption(rfcVerifier)}, stub{jsonBody: map[string]any{
			"client_id": testID, "client_secret": testSecret, "code": testCode, "code_verifier": rfcVerifier,
		}}},
		{"form", StyleForm, []AuthOption{VerifierOption(rfcVerifier)}, stub{formBody: url.Values{
			"grant_type": {"authorization_code"}, "code": {testCode}, "client_id": {testID},
			"client_secret": {testSecret}, "redirect_uri": {testRedir}, "code_verifier": {rfcVerifier},
		}}},
		{"JSON without PKCE", StyleJSON, nil, stub{jsonBody: map[string]any{
			"client_id": testID, "client_secret": testSecret, "code": testCode,
		}}},
		{"form without PKCE", StyleForm, []AuthOption{VerifierOption("")}, stub{formBody: url.Values{
			"grant_type": {"authorization_code"}, "code": {testCode}, "client_id": {testID},
			"client_secret": {testSecret}, "redirect_uri": {testRedir},
		}}},
		{"a challenge only goes on the authorize URL", StyleJSON, []AuthOption{S256ChallengeOption(rfcVerifier)}, stub{jsonBody: map[string]any{
			"client_id": testID, "client_secret": testSecret, "code": testCode,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.method, tt.req.path, tt.req.status, tt.req.respBody = http.MethodPost, "/token", 200, answer
			srv := serve(t, tt.req)
			tok, err := testClient(srv, tt.style).Exchange(context.Background(), testCode, tt.opts...)
			if err != nil || tok.AccessToken != "atu_1" {
				t.Fatalf("Exchange = %+v, %v", tok, err)
			}
		})
	}
}

// TestVerifierNeverInErrors makes the server echo the request body in every place an
// error message comes from.
func TestVerifierNeverInErrors(t *testing.T) {
	bodies := []string{
		`{"error":"invalid_grant","error_description":"%s"}`,
		`{"error_message":"%s"}`,
		`{"message":"%s"}`,
		`{"error":"%s"}`,
	}
	for _, style := range []RequestStyle{StyleJSON, StyleForm} {
		for _, status := range []int{200, 400} {
			for _, tmpl := range bodies {
				body := strings.Replace(tmpl, "%s", "bad code_verifier "+rfcVerifier, 1)
				srv := serve(t, stub{method: http.MethodPost, path: "/token", status: status, respBody: body})
				_, err := testClient(srv, style).Exchange(context.Background(), testCode, VerifierOption(rfcVerifier))
				if err == nil {
					t.Fatalf("%s, %d, %s: no error", style, status, body)
				}
				if strings.Contains(err.Error(), rfcVerifier) || strings.Contains(err.Error(), rfcVerifier[:20]) {
					t.Errorf("%s, %d, %s: error %q shows the verifier", style, status, body, err)
				}
			}
		}
	}
}

package atomgit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

func ExampleS256ChallengeFromVerifier() {
	// The example of RFC 7636, appendix B.
	fmt.Println(atomgit.S256ChallengeFromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
	// Output: E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
}

func ExampleClient_Exchange_pkce() {
	var challenge string // what the authorize page recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			CodeVerifier string `json:"code_verifier"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		if atomgit.S256ChallengeFromVerifier(req.CodeVerifier) != challenge {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"code_verifier does not match"}`)
			return
		}
		io.WriteString(w, `{"access_token":"atu_example","expires_in":1684166156606,"refresh_token":"refresh_example"}`)
	}))
	defer srv.Close()

	endpoint := atomgit.Endpoint2023
	endpoint.TokenURL = srv.URL
	endpoint.PKCE = atomgit.PKCES256
	c := &atomgit.Client{Endpoint: endpoint, ClientID: "my-client-id", ClientSecret: "my-client-secret"}

	// One verifier per sign-in when the endpoint wants PKCE: its challenge goes on the
	// authorize URL, the verifier itself only with the code.
	var verifier string
	if c.Endpoint.PKCE == atomgit.PKCES256 {
		verifier = atomgit.GenerateVerifier()
	}
	u, _ := url.Parse(c.AuthorizeURL("xyz", atomgit.S256ChallengeOption(verifier)))
	challenge = u.Query().Get("code_challenge")
	fmt.Println(u.Query().Get("code_challenge_method"))

	_, err := c.Exchange(context.Background(), "code-from-redirect")
	fmt.Println(err)
	tok, err := c.Exchange(context.Background(), "code-from-redirect", atomgit.VerifierOption(verifier))
	fmt.Println(tok.AccessToken, err)
	// Output:
	// S256
	// atomgit: exchange: code_verifier does not match (invalid_grant, HTTP 400)
	// atu_example <nil>
}

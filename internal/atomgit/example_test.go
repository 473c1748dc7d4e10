package atomgit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

func ExampleClient_Exchange() {
	// A stand-in for https://api.atomgit.com/login/oauth/access_token.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"access_token":"atu_example","expires_in":1684166156606,"refresh_token":"refresh_example"}`)
	}))
	defer srv.Close()

	endpoint := atomgit.Endpoint2023
	endpoint.TokenURL = srv.URL
	c := &atomgit.Client{
		Endpoint:     endpoint,
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		RedirectURI:  "http://127.0.0.1:8765/callback",
	}
	fmt.Println(c.AuthorizeURL("xyz"))

	// The code comes from the redirect to RedirectURI.
	tok, err := c.Exchange(context.Background(), "code-from-redirect")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.AccessToken, tok.RefreshToken, tok.Expiry.UTC().Format(time.RFC3339))
	// Output:
	// https://atomgit.com/login/oauth/authorize?client_id=my-client-id&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&state=xyz
	// atu_example refresh_example 2023-05-15T15:55:56Z
}

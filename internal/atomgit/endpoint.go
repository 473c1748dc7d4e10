// Package atomgit talks to AtomGit's OAuth2 server: it builds the authorize
// URL, exchanges and refreshes tokens, and reads the signed-in user.
//
// Two server profiles are built in: [Endpoint2023], the API that AtomGit's 2023
// OAuth documentation describes (JSON token requests, expiry as epoch milliseconds), and
// [EndpointCurrent], the API that AtomGit shares with GitCode today (form
// requests, expiry in seconds). Every URL and the request style can be
// overridden, because neither was checked against the live server.
package atomgit

// RequestStyle is how the token endpoint wants its body.
type RequestStyle string

const (
	// StyleJSON sends a JSON body, as AtomGit's 2023 documentation shows. An empty
	// Style means StyleJSON.
	StyleJSON RequestStyle = "json"
	// StyleForm sends an application/x-www-form-urlencoded body, as the
	// current API expects.
	StyleForm RequestStyle = "form"
)

// Endpoint holds the URLs of an AtomGit-compatible OAuth server.
type Endpoint struct {
	AuthorizeURL string
	TokenURL     string
	UserURL      string
	Style        RequestStyle
	ResponseType bool     // add response_type=code to the authorize URL (current API)
	Scopes       []string // sent as space-separated `scope` on the authorize URL when non-empty
	// PKCE says whether sign-ins should carry a proof key; the caller makes one
	// verifier per sign-in and passes it to AuthorizeURL and Exchange.
	PKCE PKCE
}

// Endpoint2023 is the API of AtomGit's 2023 OAuth documentation ("OAuth2 Get
// AccessToken"): JSON token requests and absolute expiry times in epoch
// milliseconds. It is the default profile.
var Endpoint2023 = Endpoint{
	AuthorizeURL: "https://atomgit.com/login/oauth/authorize",
	TokenURL:     "https://api.atomgit.com/login/oauth/access_token",
	UserURL:      "https://api.atomgit.com/user/info",
	Style:        StyleJSON,
	PKCE:         PKCEOff, // the document shows none; turn it on when AtomGit accepts it
}

// EndpointCurrent is the API that AtomGit shares with GitCode's backend
// today: form-encoded token requests, response_type=code on the authorize
// URL and lifetimes in seconds. Sign-ins send a PKCE proof key (S256).
var EndpointCurrent = Endpoint{
	AuthorizeURL: "https://atomgit.com/oauth/authorize",
	TokenURL:     "https://atomgit.com/oauth/token",
	UserURL:      "https://api.atomgit.com/api/v5/user",
	Style:        StyleForm,
	ResponseType: true,
	PKCE:         PKCES256,
}

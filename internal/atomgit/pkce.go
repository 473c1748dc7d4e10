package atomgit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// PKCE is whether sign-ins carry a proof key for the code exchange (RFC 7636): with
// it, a code stolen on its way to the redirect URI is useless without the verifier,
// which never leaves the app.
type PKCE string

const (
	// PKCEOff sends no proof key, as AtomGit's 2023 documentation shows. An empty PKCE
	// means PKCEOff.
	PKCEOff PKCE = "off"
	// PKCES256 sends the SHA-256 challenge of a fresh verifier on the authorize URL
	// (code_challenge_method=S256) and the verifier with the code.
	PKCES256 PKCE = "s256"
)

// GenerateVerifier returns a fresh code verifier: 32 bytes from crypto/rand,
// base64url-encoded without padding, which makes 43 characters of the unreserved set
// (RFC 7636, section 4.1). It is a secret: keep it out of logs, pages and errors.
func GenerateVerifier() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (it crashes the program instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// S256ChallengeFromVerifier returns the S256 code challenge of verifier:
// BASE64URL(SHA256(verifier)) without padding (RFC 7636, section 4.2).
func S256ChallengeFromVerifier(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthOption adds to one sign-in's authorize URL or code exchange. Make it with
// S256ChallengeOption or VerifierOption; an option that does not apply to a call is
// ignored there.
type AuthOption struct {
	challenge string // code_challenge for the authorize URL, method S256
	verifier  string // code_verifier for the exchange
}

// S256ChallengeOption puts the S256 challenge of verifier on the authorize URL
// (code_challenge and code_challenge_method=S256). An empty verifier adds nothing.
func S256ChallengeOption(verifier string) AuthOption {
	if verifier == "" {
		return AuthOption{}
	}
	return AuthOption{challenge: S256ChallengeFromVerifier(verifier)}
}

// VerifierOption sends verifier as code_verifier with the code exchange, and keeps it
// out of the exchange's errors. An empty verifier sends nothing.
func VerifierOption(verifier string) AuthOption {
	return AuthOption{verifier: verifier}
}

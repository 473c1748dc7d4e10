package fakeatomgit

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// pkceChallenge is what an authorize request's code_challenge binds its code to
// (RFC 7636). The zero pkceChallenge binds nothing: PKCE is optional here.
type pkceChallenge struct {
	challenge string
	method    string // "S256" or "plain"
}

// readChallenge reads code_challenge and code_challenge_method. A non-empty problem
// is an invalid_request to send back to the redirect URI (section 4.4.1).
func readChallenge(challenge, method string) (pkceChallenge, string) {
	if challenge == "" {
		if method != "" {
			return pkceChallenge{}, "code_challenge_method without code_challenge"
		}
		return pkceChallenge{}, ""
	}
	if method == "" {
		method = "plain" // section 4.3
	}
	if method != "S256" && method != "plain" {
		return pkceChallenge{}, "transform algorithm not supported"
	}
	if !pkceString(challenge) {
		return pkceChallenge{}, "code_challenge must be 43 to 128 unreserved characters"
	}
	return pkceChallenge{challenge, method}, ""
}

// verify reports whether verifier redeems a code bound to p; a code with no
// challenge needs none (and ignores any).
func (p pkceChallenge) verify(verifier string) bool {
	if p.challenge == "" {
		return true
	}
	if !pkceString(verifier) {
		return false
	}
	got := verifier
	if p.method == "S256" {
		got = s256(verifier)
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(p.challenge)) == 1
}

// s256 is the S256 challenge of verifier: BASE64URL(SHA256(verifier)).
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// pkceString reports whether s is 43 to 128 characters of the unreserved set, the
// shape of both a verifier and a challenge.
func pkceString(s string) bool {
	if len(s) < 43 || len(s) > 128 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~", r))
	}) < 0
}

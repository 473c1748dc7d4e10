package atomgit

// validTokenChars reports whether s is made only of printable ASCII without
// spaces (0x21–0x7E): RFC 6749's token characters (appendix A.12 and A.17,
// VSCHAR) less the space, which no real token has. Anything else could
// break out of where a token is written: a header, a line of git's
// credential answer, a terminal.
func validTokenChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// checkTokens refuses a token answer whose access or refresh token has
// characters outside validTokenChars. The error is malformed (the answer
// could not be understood), and its text names the field, never the token.
func checkTokens(access, refresh string) *Error {
	field := ""
	switch {
	case !validTokenChars(access):
		field = "access_token"
	case !validTokenChars(refresh):
		field = "refresh_token"
	default:
		return nil
	}
	return malformedError("the token answer's "+field+" has characters a token may not have (only printable ASCII without spaces)", nil)
}

package atomgit

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxBody caps every answer body read from the server.
const maxBody = 1 << 20

// Limits on what an error may carry from the server.
const (
	maxMessageRunes = 200
	maxCodeRunes    = 64
)

// readBody reads at most maxBody bytes; a longer body is an error.
func readBody(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, errTooLarge
	}
	return body, nil
}

// trimBody drops surrounding white space and a UTF-8 byte order mark.
func trimBody(body []byte) []byte {
	body = bytes.TrimSpace(body)
	return bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\uFEFF")))
}

// jsonObject returns body trimmed if it looks like a JSON object, or a
// malformed *Error that says what came instead.
func jsonObject(body []byte) ([]byte, *Error) {
	b := trimBody(body)
	switch {
	case len(b) == 0:
		return nil, malformedError("the server sent an empty answer", nil)
	case b[0] == '<':
		return nil, malformedError("the server answered with a web page instead of JSON", nil)
	case b[0] == '{':
		return b, nil
	case json.Valid(b):
		return nil, malformedError("the server answered with unexpected JSON", nil)
	}
	return nil, malformedError("the server answered with something other than JSON", nil)
}

// errorJSON holds the error fields the known servers use.
type errorJSON struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription json.RawMessage `json:"error_description"`
	ErrorMessage     json.RawMessage `json:"error_message"`
	Message          json.RawMessage `json:"message"`
	ErrorCodeName    json.RawMessage `json:"error_code_name"`
}

// serverError returns the error the body describes, or nil if it has no
// error fields. Its Message may be empty (nothing printable was sent); the
// caller then supplies one.
func (r *errorJSON) serverError(secrets []string) *Error {
	code := firstString(r.Error, r.ErrorCodeName)
	msg := firstString(r.ErrorDescription, r.ErrorMessage, r.Message, r.Error)
	if code == "" && msg == "" {
		return nil
	}
	e := &Error{
		Code:    serverText(code, maxCodeRunes, secrets),
		Message: serverText(msg, maxMessageRunes, secrets),
	}
	if e.Message == "" || strings.EqualFold(e.Message, e.Code) {
		if m, ok := codeMessages[strings.ToLower(e.Code)]; ok {
			e.Message = m
		}
	}
	return e
}

// serverText makes server text fit for a message with no secret in it.
// Secrets are redacted in the text as sent, and again after each step that
// could make one whole: decoding HTML character references ("atu_&#97;bc" and
// "atu_&shy;abc" read as "atu_abc"; a reference encoded twice is decoded twice),
// and dropping tags and control and format characters ("atu_<b></b>abc"). Only
// then is the text shortened, so that no part of one survives the cut. The
// result is the decoded text: "don&#39;t" reads "don't".
func serverText(s string, maxRunes int, secrets []string) string {
	s = redact(s, secrets)
	for range maxDecodes {
		next := redact(plainText(redact(html.UnescapeString(s), secrets)), secrets)
		if next == s {
			break
		}
		s = next
	}
	return shorten(s, maxRunes)
}

// maxDecodes bounds how many times serverText decodes character references: more
// than any honest server sends (once), and than any reader would undo.
const maxDecodes = 8

// firstString returns the first non-blank string (or number) among raws.
func firstString(raws ...json.RawMessage) string {
	for _, raw := range raws {
		if s, ok := jsonString(raw); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// sanitize makes server text fit for a message: plainText, at most maxRunes
// runes.
func sanitize(s string, maxRunes int) string {
	return shorten(plainText(s), maxRunes)
}

// plainText removes tags (leaving nothing in their place, as a page's text
// content has none), control and format characters and bytes that are not
// UTF-8, and collapses white space.
func plainText(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '<' && i+1 < len(s) && isTagStart(s[i+1]) {
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				i += end + 1
				continue
			}
		}
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shorten cuts s to at most maxRunes runes, marking a cut with "…".
func shorten(s string, maxRunes int) string {
	n := 0
	for i := range s {
		if n == maxRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

func isTagStart(c byte) bool {
	return c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// redact replaces each secret (four characters or more) in s.
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}

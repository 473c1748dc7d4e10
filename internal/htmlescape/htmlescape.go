// Package htmlescape escapes values for the few small HTML pages the program serves (the
// sign-in's callback page, the demo's pages) exactly as html/template escapes them in the
// same places, without linking html/template, text/template and the reflection they
// bring: those made the commands' program 2.3 MiB larger and every command's start
// ~0.1 ms slower (measured with the bench: docs/benchmarks.md). The tests hold each function
// equal to html/template's output for the context it names.
//
// Every function is safe for concurrent use.
package htmlescape

import "strings"

// Text is s for HTML text, the text of a <title>, or a quoted attribute value that is not
// a URL (html/template's htmlEscaper, rcdataEscaper and attrEscaper for a plain string):
// a NUL becomes U+FFFD, and " & ' + < > become character references.
func Text(s string) string {
	return replace(s, func(s string, i int) string {
		switch s[i] {
		case 0:
			return "\uFFFD"
		case '"':
			return "&#34;"
		case '&':
			return "&amp;"
		case '\'':
			return "&#39;"
		case '+':
			return "&#43;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		}
		return ""
	})
}

// URL is s as the whole value of a quoted URL attribute (href, src, action) when s is not
// trusted: a scheme other than http, https or mailto becomes "#ZgotmplZ", the rest is
// normalized (bytes outside a URL percent-encoded) and escaped as an attribute value.
func URL(s string) string {
	if !safeURL(s) {
		return "#ZgotmplZ"
	}
	return TrustedURL(s)
}

// TrustedURL is s in a quoted URL attribute when s is trusted (html/template's
// template.URL) or continues a URL the page already began ("/avatar/{{.User}}.svg"):
// normalized, not filtered.
func TrustedURL(s string) string { return Text(normalize(s)) }

// safeURL is html/template's isSafeURL: no scheme, or http, https or mailto.
func safeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// normalize percent-encodes the bytes that are not allowed in a URL, leaving valid
// escapes and reserved characters as they are (html/template's urlNormalizer).
func normalize(s string) string {
	return replace(s, func(s string, i int) string {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			return ""
		case c == '%' && i+2 < len(s) && hex(s[i+1]) && hex(s[i+2]):
			return ""
		default:
			return "%" + hexDigits[c>>4:c>>4+1] + hexDigits[c&15:c&15+1]
		}
	})
}

// hexDigits are lower-case, as html/template writes them.
const hexDigits = "0123456789abcdef"

// replace is s with each byte for which esc returns a replacement replaced by it (esc sees
// the whole string and the byte's index, and returns "" to keep the byte); s itself, not a
// copy, when no byte is replaced.
func replace(s string, esc func(s string, i int) string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		r := esc(s, i)
		if r == "" {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(r)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func hex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

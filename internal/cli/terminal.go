package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// displayText makes text from the server (a login, a name, an error's detail) or the
// keyring safe to print to a terminal: control characters (C0, DEL, C1, and so ESC and
// CSI with them), the bidi controls that reorder what follows (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) and bytes that are not UTF-8 are dropped. What is left
// cannot move the cursor, change colours, retitle the window or make text read in
// another order.
func displayText(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unsafeRune reports whether r is one that displayText drops.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || isBidiControl(r)
}

// isBidiControl reports whether r is a Unicode bidi mark, embedding, override or
// isolate.
func isBidiControl(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// writeJSONLine writes v as one line of JSON, as json.Encoder does, with the characters
// displayText drops escaped (\u009b, \u202e) rather than dropped: a tool reading the
// JSON gets the value as it is, and a terminal showing it gets nothing it would act on.
// encoding/json already escapes C0 controls; it leaves DEL, C1 and the bidi controls as
// they are. Inside a JSON document they can only occur within strings, where an escape
// means the same.
func writeJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	data := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	var out bytes.Buffer
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if unsafeRune(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(data[i : i+size])
		}
		i += size
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// Package bootpage serves the app's index.html with the data of its first screen in it,
// so that the page can paint the right screen (signed in, signed out, waiting for the
// keyring) as soon as its script runs, before any call to the Go side.
//
// The data goes in as JSON inside <script type="application/json" id="boot">: the
// browser never runs it, and the JSON has <, > and & escaped (\u003c …), so no text in
// it can close the element or open another. Only what the page may see goes in: the
// caller passes the same values its bindings return (never a token, code or secret).
package bootpage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// ID is the id of the inlined element; the page reads it (frontend/src/boot.ts).
const ID = "boot"

// Inline returns index with v, as JSON, in a <script type="application/json"> element
// placed just before </head>.
func Inline(index []byte, v any) ([]byte, error) {
	data, err := json.Marshal(v) // escapes <, >, &, U+2028 and U+2029
	if err != nil {
		return nil, fmt.Errorf("bootpage: %w", err)
	}
	at := bytes.Index(index, []byte("</head>"))
	if at < 0 {
		return nil, fmt.Errorf("bootpage: the page has no </head>")
	}
	var b bytes.Buffer
	b.Grow(len(index) + len(data) + 64)
	b.Write(index[:at])
	b.WriteString(`<script type="application/json" id="` + ID + `">`)
	b.Write(data)
	b.WriteString("</script>")
	b.Write(index[at:])
	return b.Bytes(), nil
}

// Middleware answers GET of the page at base (a path that ends in "/": "/" for the
// app's own page, "/atomgit-login/" for the sign-in inside another app) and of its
// index.html with next's page and data's value inlined; every other request, and the page
// when data has nothing (ok false), goes to next as it is. data is called once per page
// load, with its request.
func Middleware(base string, data func(r *http.Request) (v any, ok bool)) func(next http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || (r.URL.Path != base && r.URL.Path != base+"index.html") {
				next.ServeHTTP(w, r)
				return
			}
			rec := &recorder{header: http.Header{}, code: http.StatusOK}
			next.ServeHTTP(rec, r)
			page := rec.body.Bytes()
			if rec.code == http.StatusOK {
				if v, ok := data(r); ok {
					if inlined, err := Inline(page, v); err == nil {
						page = inlined
					}
				}
			}
			for k, vs := range rec.header {
				w.Header()[k] = vs
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(page)))
			w.Header().Set("Cache-Control", "no-store") // the data is of this moment
			w.WriteHeader(rec.code)
			_, _ = w.Write(page)
		})
	}
}

// recorder keeps a response in memory.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

package bootpage

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const index = `<!doctype html><html><head><title>t</title></head><body><main id="app"></main></body></html>`

// bootText parses page as a browser would and returns the text of the boot element.
func bootText(t *testing.T, page string) (string, bool) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	var found, extra bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if attrs["id"] == ID && attrs["type"] == "application/json" && n.FirstChild != nil {
				text, found = n.FirstChild.Data, true
			} else {
				extra = true
			}
		}
		if n.Type == html.ElementNode && n.Data == "img" {
			extra = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if extra {
		t.Errorf("the page has elements that were not in it: %s", page)
	}
	return text, found
}

func TestInlineSurvivesHostileText(t *testing.T) {
	hostile := map[string]string{
		"name":   `</script><script>alert(1)</script><img src=x onerror=alert(2)>`,
		"quote":  `"'&<!--`,
		"line":   "a\u2028b\u2029c",
		"closer": `</SCRIPT >`,
	}
	page, err := Inline([]byte(index), hostile)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := bootText(t, string(page))
	if !ok {
		t.Fatalf("no boot element in %s", page)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("boot element does not hold JSON: %v: %q", err, text)
	}
	for k, want := range hostile {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if strings.ContainsAny(text, "<>") {
		t.Errorf("boot text has < or >: %q", text)
	}
}

func TestInlineNeedsHead(t *testing.T) {
	if _, err := Inline([]byte("<p>no head</p>"), 1); err == nil {
		t.Error("Inline of a page without </head> succeeded")
	}
}

func TestMiddleware(t *testing.T) {
	assets := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/index.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, index)
		case "/app.js":
			io.WriteString(w, "js")
		default:
			http.NotFound(w, r)
		}
	})
	calls := 0
	var have bool
	h := Middleware("/", func(*http.Request) (any, bool) { calls++; return map[string]string{"state": "signed_in"}, have })(assets)
	get := func(path string) (int, string, http.Header) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "wails://wails"+path, nil))
		return rec.Code, rec.Body.String(), rec.Header()
	}

	have = true
	for _, path := range []string{"/", "/index.html"} {
		code, body, hdr := get(path)
		text, ok := bootText(t, body)
		if code != 200 || !ok || text != `{"state":"signed_in"}` {
			t.Errorf("GET %s = %d, boot %q (%v), want 200 with the data", path, code, text, ok)
		}
		if hdr.Get("Content-Type") != "text/html; charset=utf-8" || hdr.Get("Content-Length") != itoa(len(body)) {
			t.Errorf("GET %s: headers %v", path, hdr)
		}
	}
	if code, body, _ := get("/app.js"); code != 200 || body != "js" {
		t.Errorf("GET /app.js = %d %q, want it untouched", code, body)
	}
	if code, _, _ := get("/missing"); code != 404 {
		t.Errorf("GET /missing = %d, want 404", code)
	}
	if calls != 2 {
		t.Errorf("data called %d times, want once per page", calls)
	}

	have = false // the session is not open: the page asks the bindings instead
	if code, body, _ := get("/"); code != 200 || body != index {
		t.Errorf("GET / without data = %d %q, want the page as it is", code, body)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestMiddlewareAtAPath(t *testing.T) {
	var asked []string
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		io.WriteString(w, index)
	})
	h := Middleware("/login/", func(*http.Request) (any, bool) { return 1, true })(next)
	for path, inlined := range map[string]bool{"/login/": true, "/login/index.html": true, "/": false, "/index.html": false, "/login/x": false} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "wails://wails"+path, nil))
		if _, ok := bootText(t, rec.Body.String()); ok != inlined {
			t.Errorf("GET %s: data inlined %v, want %v", path, ok, inlined)
		}
	}
	if len(asked) != 5 {
		t.Errorf("next asked for %v, want every page", asked)
	}
}

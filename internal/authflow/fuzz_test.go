package authflow

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseCallback feeds arbitrary query strings to the callback parser: it never panics,
// and it yields a code only for this attempt's state and a non-empty code.
func FuzzParseCallback(f *testing.F) {
	const state = "s3cr3t-state-value-of-enough-length"
	for _, seed := range []string{
		"code=abc&state=" + state,
		"state=" + state,
		"error=access_denied&error_description=nope&state=" + state,
		"code=abc&state=" + state + "&state=other",
		"code=&state=" + state,
		"code=%ff%fe&state=" + state,
		"error=%00%01&state=" + state,
		"code=abc&state=" + state[:10],
		";;&&==",
	} {
		f.Add(seed)
	}
	a := &Attempt{state: state, path: "/callback"}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/callback", nil)
		r.URL.RawQuery = query
		res, err := a.parse(r)
		if err != nil {
			if res.Code != "" {
				t.Fatalf("an error with a code: %v", err)
			}
			if strings.ContainsAny(err.Error(), "\n\r\x00") {
				t.Fatalf("control characters in %q", err)
			}
			return
		}
		q := r.URL.Query()
		if q.Get("state") != state || res.Code == "" || q.Get("error") != "" {
			t.Fatalf("accepted %q", query)
		}
	})
}

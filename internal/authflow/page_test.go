package authflow

import (
	"html/template"
	"strings"
	"testing"
)

// oldPage is the html/template page that pageHTML replaced; pageHTML must write the same
// bytes for every value, hostile ones included.
var oldPage = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#222}
main{max-width:28rem;padding:2rem;text-align:center}a{color:#c7402d}</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Return}}<p><a href="{{.Return}}">Back to {{.App}}</a></p>
{{if .Leave}}<script>location.replace({{.Return}})</script>{{end}}{{else}}<p>You can close this tab and return to {{.App}}.</p>{{end}}
</main></body></html>`))

func TestPageSameAsHTMLTemplate(t *testing.T) {
	hostile := []string{"", "AtomGit Login", `"><script>alert(1)</script>`, "</script><script>alert(1)//",
		"a+b&c'd", "wails://wails/", "http://wails.localhost/", "javascript:alert(1)", "http://x/?a=b&c=<d>#'e'",
		"%zz%41", "a\x00b\xff", "\u2028\u2029", "登录 成功", "`${x}`"}
	for _, app := range hostile {
		for _, back := range hostile {
			for _, leave := range []bool{true, false} {
				for _, text := range pageText {
					var want strings.Builder
					if err := oldPage.Execute(&want, struct {
						Title, Text, App string
						Return           template.URL
						Leave            bool
					}{text[0] + app, text[1] + back, app, template.URL(back), leave}); err != nil {
						t.Fatal(err)
					}
					if got := pageHTML(text[0]+app, text[1]+back, app, back, leave); got != want.String() {
						t.Fatalf("app %q, return %q, leave %v:\ngot  %s\nwant %s", app, back, leave, got, want.String())
					}
				}
			}
		}
	}
}

// TestPageEscapesHostileValues: what the page must never carry as markup.
func TestPageEscapesHostileValues(t *testing.T) {
	page := pageHTML("<b>t</b>", "<i>x</i>", `"><script>alert(1)</script>`, "</script><script>alert(2)//", true)
	for _, bad := range []string{"<b>", "<i>", "<script>alert(1)", "</script><script>alert(2)"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page carries %q as markup:\n%s", bad, page)
		}
	}
}

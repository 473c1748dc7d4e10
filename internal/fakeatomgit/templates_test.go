package fakeatomgit

import (
	"html"
	"html/template"
	"maps"
	"slices"
	"strings"
	"testing"
)

// oldPages are the html/template pages that writePage replaced; it must write the same bytes
// for every value, hostile ones included. The top of every page (its style and logo) is
// taken from the pages' own text around the title: only the escaping can differ there.
var oldPages = template.Must(template.New("pages").Parse(`
{{define "top"}}` + pageHead + `{{.Title}}` + pageHeader + `{{end}}

{{define "bottom"}}</main>
<script src="/_shown.js" data-page="{{.Page}}"></script>
<footer>An offline stand-in for AtomGit, served by the app on this computer.</footer>
</body>
</html>
{{end}}

{{define "login"}}{{template "top" .}}<h1>Sign in to AtomGit</h1>
<div class="card">
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
<p class="demo">Demo user: {{.DemoUser}} / password: {{.DemoPassword}}<br>A second account: alice / alice-password</p>
<form method="post" action="/login">
<input type="hidden" name="next" value="{{.Next}}">
<label for="username">Username or email</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit" class="primary">Sign in</button>
</form>
</div>
{{template "bottom" .}}{{end}}

{{define "authorize"}}{{template "top" .}}<h1>Authorize {{.AppName}}</h1>
<div class="card">
<div class="who"><img src="/avatar/{{.User}}.svg" alt=""><div>Signed in as <b>{{.User}}</b></div></div>
<p><b>{{.AppName}}</b> wants to access your AtomGit account <b>{{.User}}</b>:</p>
<ul><li>read your profile (login, name, avatar)</li></ul>
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<div class="buttons">
<button type="submit" name="action" value="allow" class="primary" autofocus>Allow</button>
<button type="submit" name="action" value="deny">Deny</button>
</div>
</form>
<p class="muted">Allowing sends you back to {{.RedirectHost}}.</p>
</div>
<p class="muted">Not {{.User}}? <a href="{{.SignOut}}">Sign out</a></p>
{{template "bottom" .}}{{end}}

{{define "error"}}{{template "top" .}}<h1>Something went wrong</h1>
<div class="card">
<p class="error" role="alert">{{.Error}}</p>
<p class="muted">Error {{.Status}}. Return to the application and try again.</p>
</div>
{{template "bottom" .}}{{end}}

{{define "home"}}{{template "top" .}}<h1>{{if .User}}Signed in as {{.User}}{{else}}Not signed in{{end}}</h1>
<div class="card">
{{if .User}}<div class="who"><img src="/avatar/{{.User}}.svg" alt=""><div><b>Demo User</b><br><span class="muted">@{{.User}}</span></div></div>
<form method="post" action="/logout"><button type="submit" autofocus>Sign out</button></form>
{{else}}<p><a href="/login" autofocus>Sign in</a></p>{{end}}
</div>
{{template "bottom" .}}{{end}}
`))

func TestPagesSameAsHTMLTemplate(t *testing.T) {
	hostile := []string{"", "demo", "Demo App", `"><script>alert(1)</script>`, "a+b&c'd<e>", "javascript:alert(1)",
		"/login/oauth/authorize", "/logout?next=%2Flogin%2Foauth%2Fauthorize%3Fa%3Db", "http://127.0.0.1:8765",
		"%zz %41", "a\x00b\xff", "\u2028", "演示 用户", "`x`", "../../etc"}
	for i, v := range hostile {
		w := hostile[(i+3)%len(hostile)]
		for _, d := range []pageData{
			{Title: v, Error: w, Next: v, DemoUser: w, DemoPassword: v},
			{Title: v, Next: w, DemoUser: v, DemoPassword: w},
			{Title: w, AppName: v, User: w, Action: v, RedirectHost: w, SignOut: v,
				Hidden: []field{{v, w}, {w, v}, {"csrf", v}}},
			{Title: v, Error: w, Status: 400 + i},
			{Title: v, User: w},
			{Title: v},
		} {
			for _, name := range []string{"login", "authorize", "error", "home"} {
				d.Page = name
				var want strings.Builder
				if err := oldPages.ExecuteTemplate(&want, name, d); err != nil {
					t.Fatal(err)
				}
				if got, _ := writePage(name, d); got != want.String() {
					t.Fatalf("%s %+v:\ngot  %s\nwant %s", name, d, got, want.String())
				}
			}
		}
	}
	if _, ok := writePage("nothing", pageData{}); ok {
		t.Error("a page that does not exist was written")
	}
}

// TestBrowserHiddenSameAsRegexp: the Browser finds the hidden fields that the regexp it
// used before (the tests' hiddenRE) finds.
func TestBrowserHiddenSameAsRegexp(t *testing.T) {
	authorize, _ := writePage("authorize", pageData{Hidden: []field{{"csrf", `a"b`}, {"state", "s&t"}, {"x", ""}}})
	for _, p := range []string{authorize, "", `<input type="hidden" name="" value="v">`,
		`<input type="hidden" name="a" value="1"<input type="hidden" name="b" value="2">`,
		`<input type="hidden" name="a" value="1">` + `<input type="hidden" name="a" value="2">`} {
		want := map[string][]string{}
		for _, m := range hiddenRE.FindAllStringSubmatch(p, -1) {
			want[html.UnescapeString(m[1])] = []string{html.UnescapeString(m[2])}
		}
		if got := hidden(p); !maps.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%q: got %v, want %v", p, got, want)
		}
	}
}

package fakeatomgit

import (
	"strconv"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/htmlescape"
)

// The HTML pages. They use inline CSS and an inline SVG logo only, so they load nothing
// from the network, and every control is reachable by keyboard in a useful order: on the
// login form the username has focus, Tab moves to the password and Enter submits; on the
// authorize page Allow has focus (Enter allows) and Tab moves to Deny.
//
// They are written with internal/htmlescape rather than html/template: the commands link
// this package for --demo, and html/template made their program 2.3 MiB larger and every
// start slower (docs/benchmarks.md: no html/template in the commands). Every value goes
// through the escaper html/template used in the same place; TestPagesSameAsHTMLTemplate
// holds each page equal to the template it replaced, hostile values included.

// pageHead is every page up to its title.
const pageHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`

// pageHeader follows the title, up to the page's own content.
const pageHeader = `</title>
<style>
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;background:#f6f7f9;color:#1f2328;
font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans",Helvetica,Arial,sans-serif}
header{margin:48px 0 16px;display:flex;align-items:center;gap:10px;font-size:20px;font-weight:600}
header small{font-weight:400;color:#656d76;font-size:14px}
main{width:100%;max-width:400px;padding:0 16px}
h1{font-size:22px;font-weight:400;text-align:center;margin:0 0 16px}
.card{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:24px}
label{display:block;font-weight:600;margin:0 0 6px}
input[type=text],input[type=password]{width:100%;padding:8px 10px;font:inherit;color:inherit;border:1px solid #d0d7de;border-radius:6px;margin:0 0 16px;background:#fff}
button{width:100%;padding:9px 12px;font:inherit;font-weight:600;border-radius:6px;border:1px solid #d0d7de;background:#f6f8fa;color:#1f2328;cursor:pointer}
button.primary{background:#d7262e;border-color:#b71f26;color:#fff}
input:focus,button:focus,a:focus{outline:2px solid #0969da;outline-offset:2px}
.buttons{display:flex;gap:8px;margin-top:20px}
.demo{background:#fff8c5;border:1px solid #e5cf7b;border-radius:6px;padding:8px 12px;margin:0 0 16px;font-size:14px}
.error{background:#ffebe9;border:1px solid #f5a3a3;border-radius:6px;padding:8px 12px;margin:0 0 16px;color:#82071e}
.who{display:flex;align-items:center;gap:12px;margin-bottom:16px}
.who img{width:48px;height:48px;border-radius:50%}
.muted{color:#656d76;font-size:13px}
ul{padding-left:20px}
a{color:#0969da}
footer{margin:24px 0;color:#656d76;font-size:12px;text-align:center}
</style>
</head>
<body>
<header><svg width="36" height="36" viewBox="0 0 36 36" aria-hidden="true"><rect width="36" height="36" rx="8" fill="#d7262e"/><path d="M18 7 8 29h5l2-5h6l2 5h5L18 7zm-1.6 13L18 15.5l1.6 4.5h-3.2z" fill="#fff"/></svg>AtomGit <small>demo</small></header>
<main>
`

// writePage writes the page called name (login, authorize, error, home) with d.
func writePage(name string, d pageData) (string, bool) {
	var b strings.Builder
	b.WriteString(pageHead + htmlescape.Text(d.Title) + pageHeader)
	switch name {
	case "login":
		loginPage(&b, d)
	case "authorize":
		authorizePage(&b, d)
	case "error":
		b.WriteString("<h1>Something went wrong</h1>\n<div class=\"card\">\n<p class=\"error\" role=\"alert\">" + htmlescape.Text(d.Error) +
			"</p>\n<p class=\"muted\">Error " + strconv.Itoa(d.Status) + ". Return to the application and try again.</p>\n</div>\n")
	case "home":
		homePage(&b, d)
	default:
		return "", false
	}
	b.WriteString(`</main>
<script src="/_shown.js" data-page="` + htmlescape.Text(d.Page) + `"></script>
<footer>An offline stand-in for AtomGit, served by the app on this computer.</footer>
</body>
</html>
`)
	return b.String(), true
}

func loginPage(b *strings.Builder, d pageData) {
	b.WriteString("<h1>Sign in to AtomGit</h1>\n<div class=\"card\">\n")
	if d.Error != "" {
		b.WriteString(`<p class="error" role="alert">` + htmlescape.Text(d.Error) + "</p>")
	}
	b.WriteString("\n<p class=\"demo\">Demo user: " + htmlescape.Text(d.DemoUser) + " / password: " + htmlescape.Text(d.DemoPassword) +
		`<br>A second account: alice / alice-password</p>
<form method="post" action="/login">
<input type="hidden" name="next" value="` + htmlescape.Text(d.Next) + `">
<label for="username">Username or email</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit" class="primary">Sign in</button>
</form>
</div>
`)
}

func authorizePage(b *strings.Builder, d pageData) {
	app, user := htmlescape.Text(d.AppName), htmlescape.Text(d.User)
	b.WriteString("<h1>Authorize " + app + `</h1>
<div class="card">
<div class="who"><img src="/avatar/` + htmlescape.TrustedURL(d.User) + `.svg" alt=""><div>Signed in as <b>` + user + `</b></div></div>
<p><b>` + app + `</b> wants to access your AtomGit account <b>` + user + `</b>:</p>
<ul><li>read your profile (login, name, avatar)</li></ul>
<form method="post" action="` + htmlescape.URL(d.Action) + "\">\n")
	for _, f := range d.Hidden {
		b.WriteString(`<input type="hidden" name="` + htmlescape.Text(f.Name) + `" value="` + htmlescape.Text(f.Value) + "\">\n")
	}
	b.WriteString(`<div class="buttons">
<button type="submit" name="action" value="allow" class="primary" autofocus>Allow</button>
<button type="submit" name="action" value="deny">Deny</button>
</div>
</form>
<p class="muted">Allowing sends you back to ` + htmlescape.Text(d.RedirectHost) + `.</p>
</div>
<p class="muted">Not ` + user + `? <a href="` + htmlescape.URL(d.SignOut) + `">Sign out</a></p>
`)
}

func homePage(b *strings.Builder, d pageData) {
	if d.User == "" {
		b.WriteString("<h1>Not signed in</h1>\n<div class=\"card\">\n<p><a href=\"/login\" autofocus>Sign in</a></p>\n</div>\n")
		return
	}
	user := htmlescape.Text(d.User)
	b.WriteString("<h1>Signed in as " + user + `</h1>
<div class="card">
<div class="who"><img src="/avatar/` + htmlescape.TrustedURL(d.User) + `.svg" alt=""><div><b>Demo User</b><br><span class="muted">@` + user + `</span></div></div>
<form method="post" action="/logout"><button type="submit" autofocus>Sign out</button></form>

</div>
`)
}

// avatarSVG is the demo user's avatar.
const avatarSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
	`<rect width="96" height="96" fill="#f0c5c7"/>` +
	`<circle cx="48" cy="38" r="18" fill="#d7262e"/>` +
	`<path d="M14 96c4-22 18-32 34-32s30 10 34 32z" fill="#d7262e"/></svg>`

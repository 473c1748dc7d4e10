package atomgit

import "testing"

// pageText keeps what a reader of AtomGit's error page sees: no head, title, style or
// script, whatever their case and attributes, each tag a space; what is not a whole
// tag or part is text. (Each want is also what the regular expressions it replaced,
// (?is)<(head|style|script)\b.*?</(head|style|script)\s*> then <[^>]*>, gave.)
func TestPageText(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<html><head><title>Error</title><style>body{x:y}</style></head><body><h1>Error</h1><p>The application (client_id) is not registered.</p><script>x()</script></body></html>",
			"     Error  The application (client_id) is not registered.    "},
		{"<HTML><HEAD>\n<TITLE>t</TITLE></HEAD ><BODY>a<br/>b</BODY></HTML>", "   a b  "},
		{`<body><script type="module">if (a < b && c > d) go()</script>ok</body>`, "  ok "},
		{"<Style media=all>p{}</STYLE\n\t>seen", " seen"},
		{"<body>before <header>kept</header> <scripts>kept too</scripts></body>", " before  kept   kept too  "},
		{"<head>never closed<p>text</p>", " never closed text "},
		{"<script>x</style>after</script>", " after "},
		{"text < more > end <unclosed", "text   end <unclosed"},
		{"a<script", "a<script"},
		{"<head", "<head"},
		{"", ""},
		{"no tags at all", "no tags at all"},
		{"<p>名前</p><script>秘密</script>", " 名前  "},
	} {
		if got := pageText(tc.page); got != tc.want {
			t.Errorf("pageText(%q) = %q, want %q", tc.page, got, tc.want)
		}
	}
}

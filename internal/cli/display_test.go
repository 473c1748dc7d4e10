package cli

import (
	"context"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// noDisplay is a window build whose display cannot be opened.
func noDisplay(*wiring.Env) error { return &desktop.DisplayError{Variable: "DISPLAY", Display: ":99"} }

// A window whose display cannot be opened is one sentence in the person's language that
// names the display and the ways on, and exit 1: never Wails' panic and its stack.
func TestNoDisplayIsOneSentenceAndExit1(t *testing.T) {
	for _, tc := range []struct {
		lang string
		args []string
		want []string
	}{
		{"C", nil, []string{"the window cannot open: the display :99 (DISPLAY) cannot be opened;",
			"atomgit-login login --browser,", "atomgit-login login --no-browser\n"}},
		{"C", []string{"--demo"}, []string{"login --browser --demo", "login --no-browser --demo"}},
		{"zh_CN.UTF-8", nil, []string{"窗口无法打开：无法打开显示器 :99（DISPLAY）", "login --no-browser"}},
	} {
		f := newFixture(t)
		f.vars["LC_ALL"] = tc.lang
		code, out, errs, started := f.runWith(noDisplay, tc.args...)
		if code != ExitNo || out != "" || started != 1 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s %v: exit %d, stdout %q, stderr %q; want exit 1 and one line", tc.lang, tc.args, code, out, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%s %v: stderr %q lacks %q", tc.lang, tc.args, errs, w)
			}
		}
	}
}

// login with a window build whose display cannot be opened says so, and signs in with
// the system browser, as it does without a window build.
func TestLoginWithoutADisplaySignsInWithTheBrowser(t *testing.T) {
	f := newFixture(t)
	code, out, errs := loginPrinting(t, f, Deps{Desktop: func(_ context.Context, env *wiring.Env) error { return noDisplay(env) }},
		func(url string) {
			if err := (&fakeatomgit.Browser{}).Approve(context.Background(), url); err != nil {
				t.Fatal(err)
			}
		}, "login")
	if code != ExitOK || !strings.Contains(out, "(@demo)") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	want := "atomgit-login: the window cannot open: the display :99 (DISPLAY) cannot be opened; signing in with the system browser instead"
	if !strings.HasPrefix(errs, want) {
		t.Errorf("stderr %q; want it to begin with %q", errs, want)
	}
}

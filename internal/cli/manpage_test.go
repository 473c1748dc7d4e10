package cli

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
)

// manPage renders program's man page, with roff's minus signs made plain dashes.
func manPage(t *testing.T, program string, zh bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := ManPage(&b, program, zh, "1.2.3", "2026-11-30"); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(b.String(), `\-`, "-")
}

// The man pages list, in both languages, every command (with its operands and its own
// flags), every setting by its file key, variable and flag, and every flag of the program
// that is not a setting's: they are made from the same table as --help and the
// completions.
func TestManPagesListEveryCommandAndSetting(t *testing.T) {
	for _, zh := range []bool{false, true} {
		page := manPage(t, ManCommands, zh)
		window := manPage(t, ManWindow, zh)
		for _, c := range commands() {
			tag := ".B " + c.name + "\n"
			if c.args != "" {
				tag = `.BI "` + c.name + ` " "` + c.args + `"` + "\n"
			}
			if !strings.Contains(page, tag) {
				t.Errorf("zh %v: atomgit-login(1) has no %q for the command", zh, tag)
			}
			// The summary, capitalised, with breaks between Chinese characters.
			if about := []rune(c.about(lang{zh: zh})); !strings.Contains(strings.ReplaceAll(page, `\:`, ""), string(about[1:])) {
				t.Errorf("zh %v: atomgit-login(1) has not the summary of %s", zh, c.name)
			}
			for _, f := range ownFlags(c, english) {
				if !strings.Contains(page, "\n.B --"+f.Name+"\n") && !strings.Contains(page, "\n.BI --"+f.Name+" ") {
					t.Errorf("zh %v: atomgit-login(1) has not %s's flag --%s", zh, c.name, f.Name)
				}
			}
		}
		for _, p := range []struct{ name, text string }{{"atomgit-login(1)", page}, {"atomgit-login-window(1)", window}} {
			for _, s := range config.Settings() {
				if row := `\fB` + s.Key + `\fR, \fB` + s.Env + `\fR, \fB--` + s.Flag + `\fR`; !strings.Contains(p.text, row) {
					t.Errorf("zh %v: %s has no row %q", zh, p.name, row)
				}
			}
			newInvocation(programCommand, english).fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(p.text, "\n.B --"+f.Name+"\n") && !strings.Contains(p.text, "\n.BI --"+f.Name+" ") &&
					!strings.Contains(p.text, "--"+f.Name+`\fR`+"\n") {
					t.Errorf("zh %v: %s has not the flag --%s", zh, p.name, f.Name)
				}
			})
		}
	}
}

// The Chinese pages are in Chinese, but for names, and a line may break between Chinese
// characters but never before a full stop; the English pages have no Chinese.
func TestManPagesInChinese(t *testing.T) {
	for _, program := range []string{ManCommands, ManWindow} {
		zh := manPage(t, program, true)
		for _, line := range strings.Split(zh, "\n") {
			if strings.HasPrefix(line, ".") {
				continue // requests: names, and the headings checked below
			}
			if !hasHan(line) && englishIn(strings.ReplaceAll(line, `\:`, ""), "AtomGit Login", "User Commands") != "" &&
				!strings.Contains(line, `\fB`) {
				t.Errorf("%s in Chinese: English left: %q", program, line)
			}
		}
		if strings.Contains(zh, `\:。`) || strings.Contains(zh, `\:，`) {
			t.Errorf("%s in Chinese: a break allowed before a full-width stop", program)
		}
		for _, h := range []string{`.SH "名称"`, `.SH "设置"`, `.SH "文件"`} {
			if !strings.Contains(zh, h+"\n") {
				t.Errorf("%s in Chinese: no heading %s", program, h)
			}
		}
		if en := manPage(t, program, false); hasHan(en) {
			t.Errorf("%s in English holds Chinese", program)
		}
	}
}

package cli

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"atomgit.com/atomgit-login/atomgit-login/internal/contract"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Each l.t and l.f in the source has Chinese beside its English: the same verbs for the
// same arguments (go vet checks the Chinese against the arguments), the flags, variables
// and commands of the English kept, and no English sentence left.
func TestTranslationsHaveTheSameVerbs(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "t" && sel.Sel.Name != "f") {
				return true
			}
			en, ok1 := stringConstant(call.Args[0])
			zh, ok2 := stringConstant(call.Args[1])
			if !ok1 || !ok2 {
				return true // a command's summaries: TestCommandsSpeakChinese runs them
			}
			checked++
			at := fset.Position(call.Pos()).String()
			if sel.Sel.Name == "f" {
				if ve, vz := verbs(en), verbs(zh); !slices.Equal(ve, vz) {
					t.Errorf("%s: the English takes %v, the Chinese %v:\n%q\n%q", at, ve, vz, en, zh)
				}
			}
			if strings.ContainsFunc(en, unicode.IsLetter) && !hasHan(zh) {
				t.Errorf("%s: no Chinese in %q", at, zh)
			}
			if e := englishIn(zh); e != "" {
				t.Errorf("%s: English %q left in %q", at, e, zh)
			}
			for _, name := range identifier.FindAllString(en, -1) {
				if name = strings.TrimLeft(name, " \t\n("); !strings.Contains(zh, name) {
					t.Errorf("%s: %q is not kept in %q", at, name, zh)
				}
			}
			return true
		})
	}
	if checked < 40 {
		t.Errorf("only %d translations found: is the test still reading the right calls?", checked)
	}
}

// identifier is a name that a sentence keeps in every language: a flag, a variable, the
// program.
var identifier = regexp.MustCompile(`(?:^|[\s(])--?[a-z][a-z-]+|\bATOMGIT_[A-Z_*]+|\batomgit-login\b`)

// stringConstant is the value of e when it is a string constant made of literals.
func stringConstant(e ast.Expr) (string, bool) {
	tv, err := types.Eval(token.NewFileSet(), nil, token.NoPos, types.ExprString(e))
	if err != nil || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// verbs is each argument's verb in the format, in argument order ("%[2]s" counts for
// the second): "ss" for "%s %s".
func verbs(format string) []string {
	var out []string
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.[]", format[i]) >= 0; i++ {
			if format[i] == '[' {
				end := strings.IndexByte(format[i:], ']')
				n, _ := strconv.Atoi(format[i+1 : i+end])
				arg, i = n-1, i+end
			}
		}
		if i == len(format) || format[i] == '%' {
			continue
		}
		for len(out) <= arg {
			out = append(out, "")
		}
		out[arg] += string(format[i])
		arg++
	}
	return out
}

func TestVerbs(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"no verbs, 100%%", nil},
		{"%s (@%s) %q", []string{"s", "s", "q"}},
		{"%[3]s 上 %[1]s（@%[2]s）的会话", []string{"s", "s", "s"}},
		{"%[2]d then %[1]s", []string{"s", "d"}},
		{"%-15s %v", []string{"s", "v"}},
	} {
		if got := verbs(tc.format); !slices.Equal(got, tc.want) {
			t.Errorf("verbs(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}

// A problem's Chinese is the window's sentence for its code, so that the app and its
// commands say the same; a hint may follow. port_in_use puts the address inside the
// window's sentence, and the commands put it after theirs: its hint is checked instead.
func TestChineseProblemsAreTheWindows(t *testing.T) {
	window, err := contract.WindowProblemTexts("../..", "zh")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range problemClauses {
		want := strings.TrimSuffix(window[c.code], "。")
		if c.code == session.CodePortInUse {
			_, want, _ = strings.Cut(want, "。") // 请修改 {setting}，并在 OAuth 应用中登记新的地址
			want = strings.ReplaceAll(want, "{setting}", "ATOMGIT_REDIRECT_URI")
			got := chinese.problemText(&session.Problem{Code: c.code, Setting: "ATOMGIT_REDIRECT_URI"})
			if !strings.HasSuffix(got, want) {
				t.Errorf("%s: %q does not end with the window's %q", c.code, got, want)
			}
			continue
		}
		if c.code == session.CodeShortLived {
			// The window puts the lifetime inside its sentence; so do the commands.
			want = strings.ReplaceAll(want, "{detail}", "1ms")
			if got := chinese.problemText(&session.Problem{Code: c.code, Detail: "1ms"}); got != want {
				t.Errorf("%s: %q, but the window says %q", c.code, got, want)
			}
			continue
		}
		if want == "" || !strings.HasPrefix(c.zh, want) {
			t.Errorf("%s: %q, but the window says %q", c.code, c.zh, window[c.code])
		}
	}
}

// Package contract reads from the Go source what the backend promises the code that
// shows its results (the window's frontend and the commands): the problem codes it can
// send, and the values of its enums. Tests use it to check that every reader knows every
// value, so that a new constant cannot be forgotten there. It needs the source tree, so
// only tests import it.
package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ProblemCodes lists the values of the problem code constants: those named Code… in
// internal/session and internal/authflow, sorted. root is the module's directory, such
// as "../.." from a package under internal/.
func ProblemCodes(root string) ([]string, error) {
	var codes []string
	for _, pkg := range []string{"session", "authflow"} {
		consts, err := readConsts(filepath.Join(root, "internal", pkg))
		if err != nil {
			return nil, err
		}
		for _, c := range consts {
			if !strings.HasPrefix(c.name, "Code") {
				continue
			}
			if !c.literal {
				return nil, fmt.Errorf("contract: %s.%s is not a string literal", pkg, c.name)
			}
			codes = append(codes, c.value)
		}
	}
	sort.Strings(codes)
	return codes, nil
}

// Values lists the values of the string constants of type typeName declared in
// internal/pkg, sorted: Values("../..", "session", "State") is every session.State.
func Values(root, pkg, typeName string) ([]string, error) {
	consts, err := readConsts(filepath.Join(root, "internal", pkg))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range consts {
		if c.typ != typeName {
			continue
		}
		if !c.literal {
			return nil, fmt.Errorf("contract: %s.%s is not a string literal", pkg, c.name)
		}
		out = append(out, c.value)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("contract: no constants of type %s in internal/%s", typeName, pkg)
	}
	sort.Strings(out)
	return out, nil
}

// constant is a constant as declared: its name, its type's name (empty when untyped or
// implicit) and, when it is a string literal, its value.
type constant struct {
	name, typ, value string
	literal          bool
}

// readConsts reads the constants of the package in dir, tests left out.
func readConsts(dir string) ([]constant, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []constant
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("contract: %w", err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				out = append(out, constants(spec.(*ast.ValueSpec))...)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("contract: no constants in %s", dir)
	}
	return out, nil
}

// constants is the constants of one const spec.
func constants(s *ast.ValueSpec) []constant {
	typ := ""
	if id, ok := s.Type.(*ast.Ident); ok {
		typ = id.Name
	}
	out := make([]constant, len(s.Names))
	for i, name := range s.Names {
		out[i] = constant{name: name.Name, typ: typ}
		if i >= len(s.Values) {
			continue // iota's repetition: not a string
		}
		if lit, ok := s.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out[i].value, _ = strconv.Unquote(lit.Value)
			out[i].literal = true
		}
	}
	return out
}

// WindowProblemTexts is the window's sentence for each problem code, in the language
// lang ("en" or "zh"), as the frontend has it: frontend/src/text.ts maps the codes to
// keys, frontend/src/i18n.ts the keys to text. Placeholders ({detail}) are left in.
func WindowProblemTexts(root, lang string) (map[string]string, error) {
	text, err := os.ReadFile(filepath.Join(root, "frontend", "src", "text.ts"))
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	i18n, err := os.ReadFile(filepath.Join(root, "frontend", "src", "i18n.ts"))
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	keys, err := tsTable(string(text), `const problemKeys\b[^=]*=\s*\{`)
	if err != nil {
		return nil, err
	}
	header := map[string]string{"en": `const en = \{`, "zh": `const zh\b[^=]*=\s*\{`}[lang]
	if header == "" {
		return nil, fmt.Errorf("contract: the window has no language %q", lang)
	}
	table, err := tsTable(string(i18n), header)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(keys))
	for code, key := range keys {
		out[code] = table[key]
	}
	return out, nil
}

var tsEntry = regexp.MustCompile(`(?m)^  (\w+):\s*"((?:[^"\\]|\\.)*)"`)

// tsTable is the top-level entries of the object literal in the frontend's source src
// that starts with the regular expression header, whose values are strings, such as a
// translation table: key to text. A text on the next line counts too.
func tsTable(src, header string) (map[string]string, error) {
	loc := regexp.MustCompile(`(?m)^` + header).FindStringIndex(src)
	if loc == nil {
		return nil, fmt.Errorf("contract: no %q in the frontend's source", header)
	}
	body := declaration(src[loc[1]:])
	body = regexp.MustCompile(`:\s*\n\s+"`).ReplaceAllString(body, `: "`)
	out := map[string]string{}
	for _, e := range tsEntry.FindAllStringSubmatch(body, -1) {
		out[e[1]] = e[2]
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("contract: no entries after %q in the frontend's source", header)
	}
	return out, nil
}

// declaration is the body of the top-level declaration that starts with src: the text
// up to the next line that starts with "}", as the frontend's formatter writes it.
func declaration(src string) string {
	if end := strings.Index(src, "\n}"); end >= 0 {
		return src[:end]
	}
	return src
}

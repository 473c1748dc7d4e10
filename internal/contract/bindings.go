package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/brand"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/window"
)

// Mirror is a Go type that the page receives, and the name of its copy in the frontend's
// frontend/src/types.ts.
type Mirror struct {
	TS string
	Go reflect.Type
}

// Mirrors are the Go types the page receives, with the names of their TypeScript copies.
var Mirrors = []Mirror{
	{"Status", reflect.TypeFor[session.Status]()},
	{"Account", reflect.TypeFor[session.Account]()},
	{"AccountEntry", reflect.TypeFor[session.AccountEntry]()},
	{"Problem", reflect.TypeFor[session.Problem]()},
	{"SignInStart", reflect.TypeFor[session.Start]()},
	{"Info", reflect.TypeFor[window.Info]()},
	{"SettingInfo", reflect.TypeFor[window.SettingInfo]()},
	{"Palette", reflect.TypeFor[brand.Palette]()},
}

// Binding is one method that the page can call on a struct bound to the window: the
// types of its parameters and the type its promise resolves to, as TypeScript writes
// them ("void" when it resolves with nothing).
type Binding struct {
	Params []string
	Result string
}

// String is b as TypeScript declares a method: "(string, number): Promise<void>".
func (b Binding) String() string {
	return "(" + strings.Join(b.Params, ", ") + "): Promise<" + b.Result + ">"
}

// Equal reports whether a and b have the same parameters and result.
func (b Binding) Equal(o Binding) bool {
	return slices.Equal(b.Params, o.Params) && b.Result == o.Result
}

// GoBindings is what Wails makes of the bound type typ (a pointer to a struct): each
// exported method of its method set, promoted ones included, with its parameters and
// result as the page sees them. A method's promise resolves with its one result that is
// not an error (Wails rejects it with the error); a slice may come as null (a nil one).
// A type the page cannot be given is an error.
func GoBindings(typ reflect.Type) (map[string]Binding, error) {
	out := map[string]Binding{}
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		var b Binding
		for i := 1; i < m.Type.NumIn(); i++ { // In(0) is the receiver
			ts, err := tsType(m.Type.In(i))
			if err != nil {
				return nil, fmt.Errorf("contract: %s.%s: %w", typ, m.Name, err)
			}
			b.Params = append(b.Params, ts)
		}
		b.Result = "void"
		for i := range m.Type.NumOut() {
			out := m.Type.Out(i)
			if out == reflect.TypeFor[error]() {
				continue
			}
			ts, err := tsType(out)
			if err != nil {
				return nil, fmt.Errorf("contract: %s.%s: %w", typ, m.Name, err)
			}
			if out.Kind() == reflect.Slice {
				ts += " | null"
			}
			b.Result = ts
		}
		out[m.Name] = b
	}
	return out, nil
}

// tsType is TypeScript's name for the Go type t as JSON brings it to the page.
func tsType(t reflect.Type) (string, error) {
	for _, m := range Mirrors {
		if m.Go == t {
			return m.TS, nil
		}
	}
	switch t.Kind() {
	case reflect.String:
		return "string", nil
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.Slice:
		elem, err := tsType(t.Elem())
		return elem + "[]", err
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return "", fmt.Errorf("a map keyed by %s has no JSON form", t.Key())
		}
		elem, err := tsType(t.Elem())
		return "Record<string, " + elem + ">", err
	}
	return "", fmt.Errorf("%s has no TypeScript copy in contract.Mirrors", t)
}

// TSBindings reads the methods that the TypeScript interface iface of frontend/src/file
// declares (backend.ts's WailsApp: the page's view of the bound App), each as a Binding.
// A parameter's type that is an alias declared in frontend/src (Marks) is replaced by what
// it names. root is the module's directory.
func TSBindings(root, file, iface string) (map[string]Binding, error) {
	src, err := os.ReadFile(filepath.Join(root, "frontend", "src", file))
	if err != nil {
		return nil, err
	}
	aliases, err := tsAliases(filepath.Join(root, "frontend", "src"))
	if err != nil {
		return nil, err
	}
	header := regexp.MustCompile(`(?m)^(?:export )?interface ` + iface + `\s*\{`)
	loc := header.FindIndex(src)
	if loc == nil {
		return nil, fmt.Errorf("contract: %s declares no interface %s", file, iface)
	}
	out := map[string]Binding{}
	for _, line := range strings.Split(declaration(string(src[loc[1]:])), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "/") || strings.HasPrefix(line, "*") {
			continue // a comment
		}
		m := tsMethod.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("contract: %s: %s: cannot read %q as a method", file, iface, line)
		}
		b := Binding{Result: normal(m[3], aliases)}
		if params := strings.TrimSpace(m[2]); params != "" {
			for _, p := range strings.Split(params, ",") {
				_, typ, ok := strings.Cut(p, ":")
				if !ok {
					return nil, fmt.Errorf("contract: %s: %s.%s: parameter %q has no type", file, iface, m[1], p)
				}
				b.Params = append(b.Params, normal(typ, aliases))
			}
		}
		out[m[1]] = b
	}
	return out, nil
}

// tsMethod is a method of an interface as the frontend's formatter writes it, on one
// line: its name, its parameters and what its promise resolves to.
var tsMethod = regexp.MustCompile(`^(\w+)\(([^)]*)\):\s*Promise<(.+)>;$`)

// tsAlias is a type alias that names one type (not a union of literals).
var tsAlias = regexp.MustCompile(`(?m)^export type (\w+) = ([^|;]+);`)

// tsAliases reads the type aliases that the frontend's files in dir declare.
func tsAliases(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.ts"))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range tsAlias.FindAllStringSubmatch(string(src), -1) {
			out[m[1]] = strings.TrimSpace(m[2])
		}
	}
	return out, nil
}

// normal is the TypeScript type t with its spaces made single and an alias replaced by
// what it names.
func normal(t string, aliases map[string]string) string {
	t = strings.Join(strings.Fields(t), " ")
	if a, ok := aliases[t]; ok {
		return normal(a, aliases)
	}
	return t
}

// CompareBindings says, one sentence each, where the bound Go methods (GoBindings) and
// the methods the page declares (TSBindings) differ: a method on one side only, or with
// other parameters or result. None: they match.
func CompareBindings(goSide, tsSide map[string]Binding) []string {
	var out []string
	for _, name := range sortedKeys(goSide) {
		g := goSide[name]
		ts, ok := tsSide[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("Go binds %s%s, which the page does not declare", name, g))
		case !g.Equal(ts):
			out = append(out, fmt.Sprintf("Go binds %s%s; the page declares %s%s", name, g, name, ts))
		}
	}
	for _, name := range sortedKeys(tsSide) {
		if _, ok := goSide[name]; !ok {
			out = append(out, fmt.Sprintf("the page declares %s%s, which Go does not bind", name, tsSide[name]))
		}
	}
	return out
}

func sortedKeys(m map[string]Binding) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

package api

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write the API records from the code")

// root is the module's folder, seen from this package's.
const root = ".."

// TestAPIIsRecorded compares every public package's exported names with its record.
func TestAPIIsRecorded(t *testing.T) {
	pkgs, err := publicPackages(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, dir := range pkgs {
		lines, err := exported(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		name := recordName(dir)
		want[name] = true
		got := strings.Join(lines, "\n") + "\n"
		if *update {
			if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rec, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s is a public package without a record of its API (%v): run go test ./api -update and commit api/%s", dir, err, name)
			continue
		}
		if added, removed := diff(strings.Split(strings.TrimSuffix(string(rec), "\n"), "\n"), lines); len(added)+len(removed) > 0 {
			var b strings.Builder
			for _, l := range added {
				b.WriteString("+ " + l + "\n")
			}
			for _, l := range removed {
				b.WriteString("- " + l + "\n")
			}
			t.Errorf("the public API of %s is not what api/%s records:\n%s"+
				"If the change is on purpose, run go test ./api -update and commit api/%s with it.", dir, name, b.String(), name)
		}
	}
	records, _ := filepath.Glob("*.txt")
	for _, r := range records {
		if !want[r] {
			t.Errorf("api/%s records a package that is no longer public (or no longer there)", r)
		}
	}
}

// recordName is the record's file name for the package in dir: auth/wailsauth → auth-wailsauth.txt.
func recordName(dir string) string {
	return strings.ReplaceAll(filepath.ToSlash(dir), "/", "-") + ".txt"
}

// diff returns the lines only in got, and only in rec.
func diff(rec, got []string) (added, removed []string) {
	for _, l := range got {
		if !slices.Contains(rec, l) {
			added = append(added, l)
		}
	}
	for _, l := range rec {
		if !slices.Contains(got, l) {
			removed = append(removed, l)
		}
	}
	return added, removed
}

// skipped are folders that hold no public package: the internals, the tests and tools
// around the program, and what is not Go.
var skipped = map[string]bool{"internal": true, "frontend": true, "node_modules": true, "testdata": true, "e2e": true, "bench": true, "build": true, "scripts": true, "examples": true, "api": true}

// publicPackages lists the folders, relative to root, of the module's public packages.
func publicPackages(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if rel != "." && (skipped[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if rel != "." {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		files, err := sources(path)
		if err != nil || len(files) == 0 {
			return err
		}
		if f, err := parser.ParseFile(token.NewFileSet(), files[0], nil, parser.PackageClauseOnly); err != nil || f.Name.Name == "main" {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out, err
}

// sources are the package's Go files in dir, tests left out.
func sources(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	return slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") }), err
}

// exported lists the exported declarations of the package in dir, one line each, sorted:
// every file whatever its build constraints (a name declared for several systems counts
// once, and must be the same on each).
func exported(dir string) ([]string, error) {
	files, err := sources(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	set := map[string]bool{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		w := walker{fset: fset, pkg: "pkg " + f.Name.Name + ", ", out: set}
		for _, d := range f.Decls {
			w.decl(d)
		}
	}
	lines := make([]string, 0, len(set))
	for l := range set {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	return lines, nil
}

// walker writes the lines of one file's declarations into out.
type walker struct {
	fset *token.FileSet
	pkg  string // "pkg NAME, "
	out  map[string]bool
}

func (w walker) add(s string) { w.out[w.pkg+s] = true }

// expr prints a type or value as written, on one line.
func (w walker) expr(e ast.Expr) string {
	var b bytes.Buffer
	printer.Fprint(&b, w.fset, e)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (w walker) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return
		}
		sig := w.signature(d.Type)
		if d.Recv == nil {
			w.add("func " + d.Name.Name + sig)
			return
		}
		recv := d.Recv.List[0].Type
		base := recv
		if s, ok := base.(*ast.StarExpr); ok {
			base = s.X
		}
		if ix, ok := base.(*ast.IndexExpr); ok {
			base = ix.X
		}
		if id, ok := base.(*ast.Ident); ok && !id.IsExported() {
			return
		}
		w.add("method (" + w.expr(recv) + ") " + d.Name.Name + sig)
	case *ast.GenDecl:
		var typ ast.Expr // a const group's type carries on to the specs without one
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				w.typeSpec(s)
			case *ast.ValueSpec:
				if s.Type != nil || len(s.Values) > 0 {
					typ = s.Type
				}
				kind := strings.ToLower(d.Tok.String())
				for i, n := range s.Names {
					if !n.IsExported() {
						continue
					}
					switch {
					case typ != nil:
						w.add(kind + " " + n.Name + " " + w.expr(typ))
					case kind == "const" && i < len(s.Values):
						w.add(kind + " " + n.Name + " = " + w.expr(s.Values[i]))
					default:
						w.add(kind + " " + n.Name)
					}
				}
			}
		}
	}
}

// signature prints a function type without its parameters' names.
func (w walker) signature(t *ast.FuncType) string {
	params := w.fields(t.Params, ", ")
	s := "(" + params + ")"
	if t.Results != nil {
		res := w.fields(t.Results, ", ")
		if len(t.Results.List) == 1 && len(t.Results.List[0].Names) <= 1 {
			s += " " + res
		} else {
			s += " (" + res + ")"
		}
	}
	return s
}

// fields prints a list's types, once for each name.
func (w walker) fields(l *ast.FieldList, sep string) string {
	if l == nil {
		return ""
	}
	var out []string
	for _, f := range l.List {
		n := max(len(f.Names), 1)
		for range n {
			out = append(out, w.expr(f.Type))
		}
	}
	return strings.Join(out, sep)
}

func (w walker) typeSpec(s *ast.TypeSpec) {
	if !s.Name.IsExported() {
		return
	}
	name := s.Name.Name
	if s.TypeParams != nil {
		name += "[" + w.fields(s.TypeParams, ", ") + "]"
	}
	if s.Assign.IsValid() {
		w.add("type " + name + " = " + w.expr(s.Type))
		return
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		w.add("type " + name + " struct")
		for _, f := range t.Fields.List {
			if len(f.Names) == 0 { // embedded
				w.add("type " + name + " struct, embedded " + w.expr(f.Type))
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() {
					w.add("type " + name + " struct, " + n.Name + " " + w.expr(f.Type))
				}
			}
		}
	case *ast.InterfaceType:
		w.add("type " + name + " interface")
		for _, m := range t.Methods.List {
			if len(m.Names) == 0 {
				w.add("type " + name + " interface, embedded " + w.expr(m.Type))
				continue
			}
			for _, n := range m.Names {
				if ft, ok := m.Type.(*ast.FuncType); ok && n.IsExported() {
					w.add("type " + name + " interface, " + n.Name + w.signature(ft))
				}
			}
		}
	default:
		w.add("type " + name + " " + w.expr(s.Type))
	}
}

package contract

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// root is the module's directory, from this package's.
const root = "../.."

// The frontend's copies of the Go types (frontend/src/types.ts) have the fields that Go
// sends, no others, and optional exactly where Go leaves a field out when it is empty.
func TestTypesMirrorGo(t *testing.T) {
	ts := readTS(t, "types.ts")
	for _, m := range Mirrors {
		fields := jsonFields(m.Go)
		got := tsFields(t, ts, m.TS)
		for name, optional := range fields {
			tsOptional, ok := got[name]
			switch {
			case !ok:
				t.Errorf("types.ts: %s has no field %q, which Go sends", m.TS, name)
			case tsOptional != optional:
				t.Errorf("types.ts: %s.%s is optional: %v; Go's omitempty: %v", m.TS, name, tsOptional, optional)
			}
		}
		for name := range got {
			if _, ok := fields[name]; !ok {
				t.Errorf("types.ts: %s has a field %q, which Go does not send", m.TS, name)
			}
		}
	}
}

// The frontend's State and Storage unions have every value Go has, and no other.
func TestUnionsMirrorGo(t *testing.T) {
	ts := readTS(t, "types.ts")
	for _, typ := range []string{"State", "Storage"} {
		want, err := Values(root, "session", typ)
		if err != nil {
			t.Fatal(err)
		}
		if got := tsUnion(t, ts, typ); !slices.Equal(got, want) {
			t.Errorf("types.ts: %s is %q, Go's session.%s values are %q", typ, got, typ, want)
		}
	}
}

// Every problem code the backend can send has its own sentence in both languages, and
// the frontend knows no code that the backend does not send.
func TestEveryProblemCodeIsTranslated(t *testing.T) {
	codes, err := ProblemCodes(root)
	if err != nil {
		t.Fatal(err)
	}
	keys := tsMap(t, readTS(t, "text.ts"), `const problemKeys\b[^=]*=\s*\{`)
	i18n := readTS(t, "i18n.ts")
	tables := map[string]map[string]string{
		"en": tsMap(t, i18n, `const en = \{`),
		"zh": tsMap(t, i18n, `const zh\b[^=]*=\s*\{`),
	}
	for _, code := range codes {
		key, ok := keys[code]
		if !ok {
			t.Errorf("text.ts: problemKeys has no entry for %q, which the backend sends", code)
			continue
		}
		for lang, table := range tables {
			if table[key] == "" {
				t.Errorf("i18n.ts: %s has no text for %s (problem code %q)", lang, key, code)
			}
		}
	}
	for code := range keys {
		if !slices.Contains(codes, code) {
			t.Errorf("text.ts: problemKeys translates %q, which the backend does not send", code)
		}
	}
}

// jsonFields is the JSON object encoding/json makes of a struct type: each field's name,
// and whether it is left out when empty. Embedded structs lend their fields.
func jsonFields(typ reflect.Type) map[string]bool {
	out := map[string]bool{}
	for _, f := range reflect.VisibleFields(typ) {
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" || (f.Anonymous && name == "") {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = slices.Contains(strings.Split(opts, ","), "omitempty")
	}
	return out
}

// readTS reads a file of frontend/src.
func readTS(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(root + "/frontend/src/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var tsField = regexp.MustCompile(`(?m)^\s+(\w+)(\??):`)

// tsFields is the fields of a TypeScript interface, with the interface it extends: each
// name, and whether it is optional.
func tsFields(t *testing.T, src, name string) map[string]bool {
	t.Helper()
	header := regexp.MustCompile(`(?m)^export interface ` + name + `\b(?:\s+extends\s+(\w+))?\s*\{`)
	m := header.FindStringSubmatchIndex(src)
	if m == nil {
		t.Fatalf("types.ts has no interface %s", name)
	}
	out := map[string]bool{}
	if m[2] >= 0 {
		out = tsFields(t, src, src[m[2]:m[3]])
	}
	for _, f := range tsField.FindAllStringSubmatch(declaration(src[m[1]:]), -1) {
		out[f[1]] = f[2] == "?"
	}
	return out
}

// tsUnion is the string literals of a TypeScript union type, sorted.
func tsUnion(t *testing.T, src, name string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^export type ` + name + `\s*=([^;]*);`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("types.ts has no type %s", name)
	}
	var out []string
	for _, lit := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, lit[1])
	}
	sort.Strings(out)
	return out
}

// tsMap is tsTable's entries; no table fails the test.
func tsMap(t *testing.T, src, header string) map[string]string {
	t.Helper()
	out, err := tsTable(src, header)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeRow is one row of README.md's settings table: the names in its backticks.
type readmeRow struct {
	line              int
	keys, vars, flags []string
	keysCell          string
}

// readmeSettings reads the table under "## Settings" in README.md: its file key,
// variable and flag columns, found by their headings.
func readmeSettings(t *testing.T, path string) []readmeRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) != "## Settings" {
		i++
	}
	for i < len(lines) && !strings.HasPrefix(lines[i], "|") {
		i++
	}
	if i == len(lines) {
		t.Fatalf("%s: no table under ## Settings", path)
	}
	col := map[string]int{}
	for n, h := range cells(lines[i]) {
		col[h] = n
	}
	for _, h := range []string{"file key", "variable", "flag"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("%s:%d: the settings table has no %q column: %q", path, i+1, h, lines[i])
		}
	}
	names := regexp.MustCompile("`([^`]+)`")
	inCell := func(c string) []string {
		var out []string
		for _, m := range names.FindAllStringSubmatch(c, -1) {
			out = append(out, m[1])
		}
		return out
	}
	var rows []readmeRow
	for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
		c := cells(lines[i])
		if len(c) != len(col) {
			t.Fatalf("%s:%d: %d cells, want %d: %q", path, i+1, len(c), len(col), lines[i])
		}
		rows = append(rows, readmeRow{line: i + 1,
			keys: inCell(c[col["file key"]]), vars: inCell(c[col["variable"]]), flags: inCell(c[col["flag"]]),
			keysCell: c[col["file key"]]})
	}
	return rows
}

// cells splits a Markdown table row (no cell of this table holds a |).
func cells(line string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// The README's settings table is what a reuser writes config.json from: every file key
// it lists must be one the loader takes, on the same row as that setting's variable and
// flag, and every setting must be in it.
func TestREADMESettingsTable(t *testing.T) {
	const readme = "../../README.md"
	rows := readmeSettings(t, readme)
	byKey := map[string]setting{}
	for _, s := range settings {
		byKey[s.key] = s
	}
	listed := map[string]bool{}
	for _, r := range rows {
		if len(r.keys) == 0 {
			// Only a setting with no file key may say so: --config, which names the file.
			for _, v := range r.vars {
				for _, s := range settings {
					if s.env == v {
						t.Errorf("%s:%d: %s has the file key %q, but the row gives none (%q)", readme, r.line, v, s.key, r.keysCell)
					}
				}
			}
			continue
		}
		if len(r.vars) != len(r.keys) || len(r.flags) != len(r.keys) {
			t.Errorf("%s:%d: %d file keys, %d variables, %d flags: want one of each per setting", readme, r.line, len(r.keys), len(r.vars), len(r.flags))
			continue
		}
		for n, key := range r.keys {
			s, ok := byKey[key]
			if !ok {
				t.Errorf("%s:%d: file key %q is not a setting", readme, r.line, key)
				continue
			}
			listed[key] = true
			if r.vars[n] != s.env {
				t.Errorf("%s:%d: file key %q is listed with %s, want %s", readme, r.line, key, r.vars[n], s.env)
			}
			if want := "--" + flagName(key); r.flags[n] != want {
				t.Errorf("%s:%d: file key %q is listed with %s, want %s", readme, r.line, key, r.flags[n], want)
			}
			// And the loader reads it from a config file.
			file := filepath.Join(t.TempDir(), "config.json")
			if err := os.WriteFile(file, []byte(`{"`+key+`": "x"}`), 0o600); err != nil {
				t.Fatal(err)
			}
			if got, err := readFile(file, true); err != nil || got[key] != "x" {
				t.Errorf("%s:%d: a config file with %q: read %v, %v", readme, r.line, key, got, err)
			}
		}
	}
	for _, s := range settings {
		if !listed[s.key] {
			t.Errorf("%s: the settings table has no row for %s (file key %q)", readme, s.env, s.key)
		}
	}
}

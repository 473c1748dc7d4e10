// Command changelog writes the .deb's changelog (Debian's changelog format) from
// CHANGELOG.md (Keep a Changelog), for the package being built:
//
//	go run ./build/linux/changelog -version VERSION -date RFC2822 -maintainer "NAME <EMAIL>" CHANGELOG.md > changelog
//
// Its first entry is the package's version: the released section of that version, or
// else the Unreleased one (what changed since the last release). Every released section
// follows. scripts/package runs it, and gzips it as changelog.gz.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

func main() {
	version := flag.String("version", "", "the package's version (scripts/version)")
	date := flag.String("date", "", "the date of the package's entry, as RFC 2822 (the commit's)")
	maintainer := flag.String("maintainer", "", "NAME <EMAIL>, as the package's Maintainer")
	flag.Parse()
	if flag.NArg() != 1 || *version == "" || *date == "" || *maintainer == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./build/linux/changelog -version V -date RFC2822 -maintainer 'NAME <EMAIL>' CHANGELOG.md")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *version, *date, *maintainer); err != nil {
		fmt.Fprintf(os.Stderr, "changelog: %v\n", err)
		os.Exit(1)
	}
}

func run(in, version, date, maintainer string) error {
	md, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	sections, err := parse(string(md))
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var deb bytes.Buffer
	if err := write(&deb, sections, version, date, maintainer); err != nil {
		return err
	}
	_, err = os.Stdout.Write(deb.Bytes())
	return err
}

// section is one version's part of CHANGELOG.md: "Unreleased" or a released version.
type section struct {
	version string // "" for Unreleased
	date    string // YYYY-MM-DD
	groups  []group
}

// group is one kind of change ("Added", "Fixed", …) and its items.
type group struct {
	kind  string
	items []string
}

var (
	heading = regexp.MustCompile(`^## \[(Unreleased|[0-9][^\]]*)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$`)
	link    = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
)

// parse reads the version sections of a Keep a Changelog file.
func parse(md string) ([]section, error) {
	var out []section
	for n, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			m := heading.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("line %d: want ## [Unreleased] or ## [X.Y.Z] - YYYY-MM-DD, not %q", n+1, line)
			}
			s := section{date: m[2]}
			if m[1] != "Unreleased" {
				if s.date == "" {
					return nil, fmt.Errorf("line %d: version %s has no date", n+1, m[1])
				}
				s.version = m[1]
			}
			out = append(out, s)
		case len(out) == 0:
		case strings.HasPrefix(line, "### "):
			s := &out[len(out)-1]
			s.groups = append(s.groups, group{kind: strings.TrimSpace(line[4:])})
		case strings.HasPrefix(line, "- "), strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "":
			s := &out[len(out)-1]
			if len(s.groups) == 0 {
				return nil, fmt.Errorf("line %d: an item outside a ### group", n+1)
			}
			g := &s.groups[len(s.groups)-1]
			text := plain(strings.TrimSpace(strings.TrimPrefix(line, "- ")))
			if strings.HasPrefix(line, "- ") || len(g.items) == 0 {
				g.items = append(g.items, text)
			} else {
				g.items[len(g.items)-1] += " " + text
			}
		}
	}
	return out, nil
}

// plain is Markdown text as plain text: links as their text, no code marks.
func plain(s string) string { return strings.ReplaceAll(link.ReplaceAllString(s, "$1"), "`", "") }

// write writes the Debian changelog: the package's version first, then every release.
func write(w io.Writer, sections []section, version, date, maintainer string) error {
	first := section{version: version}
	var rest []section
	for _, s := range sections {
		switch {
		case s.version == "":
			if first.groups == nil {
				first.groups = s.groups
			}
		case s.version == version:
			first.groups = s.groups // this build is that release
		default:
			rest = append(rest, s)
		}
	}
	if len(first.groups) == 0 {
		first.groups = []group{{kind: "Changed", items: []string{"Nothing that people notice since the last release."}}}
	}
	if err := entry(w, first, date, maintainer); err != nil {
		return err
	}
	for _, s := range rest {
		d, err := time.Parse(time.DateOnly, s.date)
		if err != nil {
			return fmt.Errorf("version %s: date %q: %w", s.version, s.date, err)
		}
		if err := entry(w, s, d.Format(time.RFC1123Z), maintainer); err != nil {
			return err
		}
	}
	return nil
}

// entry writes one version's entry, its lines within 80 columns.
func entry(w io.Writer, s section, date, maintainer string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "atomgit-login (%s) unstable; urgency=medium\n\n", s.version)
	for _, g := range s.groups {
		fmt.Fprintf(&b, "  * %s:\n", g.kind)
		for _, item := range g.items {
			b.WriteString(wrap(item, "    - ", "      ", 80))
		}
	}
	fmt.Fprintf(&b, "\n -- %s  %s\n\n", maintainer, date)
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap fills text into lines of at most width columns (a longer word stands alone), the
// first after first, the rest after indent.
func wrap(text, first, indent string, width int) string {
	var b strings.Builder
	line := first
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && line != first && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != first && line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}

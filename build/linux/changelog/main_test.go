package main

import (
	"os"
	"strings"
	"testing"
)

const sample = `# Changelog

Some words about the file.

## [Unreleased]

### Added

- A new ` + "`thing`" + `, with [a link](https://example.com), and a long sentence that has to be
  wrapped onto a second line in the Debian changelog, as it is longer than eighty columns.

## [1.0.0] - 2026-12-01

### Fixed

- A bug.
`

// The package's version comes first, with Unreleased's changes; each release follows
// with its own date; lines stay within 80 columns; Markdown's marks are gone.
func TestDebianChangelog(t *testing.T) {
	sections, err := parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	const maint = "AtomGit Login maintainers <atomgit-login@users.noreply.atomgit.com>"
	if err := write(&b, sections, "1.0.0+git3.0123456789ab", "Mon, 07 Dec 2026 10:00:00 +0000", maint); err != nil {
		t.Fatal(err)
	}
	want := `atomgit-login (1.0.0+git3.0123456789ab) unstable; urgency=medium

  * Added:
    - A new thing, with a link, and a long sentence that has to be wrapped onto
      a second line in the Debian changelog, as it is longer than eighty
      columns.

 -- ` + maint + `  Mon, 07 Dec 2026 10:00:00 +0000

atomgit-login (1.0.0) unstable; urgency=medium

  * Fixed:
    - A bug.

 -- ` + maint + `  Tue, 01 Dec 2026 00:00:00 +0000

`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if len(line) > 80 && !strings.HasPrefix(line, " -- ") { // the trailer is as long as it is

			t.Errorf("longer than 80 columns: %q", line)
		}
	}
}

// A build of a release tag gets that release's entry, and only once.
func TestDebianChangelogOfARelease(t *testing.T) {
	sections, err := parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := write(&b, sections, "1.0.0", "Tue, 01 Dec 2026 09:00:00 +0000", "M <m@example.com>"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); strings.Count(got, "atomgit-login (") != 1 || !strings.Contains(got, "(1.0.0)") || !strings.Contains(got, "A bug.") {
		t.Errorf("got:\n%s", got)
	}
}

// A version heading without a date, or an item outside a group, is an error that names
// the line.
func TestChangelogMistakes(t *testing.T) {
	for _, md := range []string{"## [1.0.0]\n", "## [Unreleased]\n- loose\n", "## Unreleased\n"} {
		if _, err := parse(md); err == nil || !strings.Contains(err.Error(), "line ") {
			t.Errorf("%q: %v", md, err)
		}
	}
}

// The repository's own CHANGELOG.md is one this program reads.
func TestTheRepositorysChangelogParses(t *testing.T) {
	md, err := os.ReadFile("../../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	sections, err := parse(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if len(sections) == 0 || len(sections[0].groups) == 0 {
		t.Errorf("CHANGELOG.md: no version with changes: %+v", sections)
	}
}

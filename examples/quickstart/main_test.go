package main

import (
	"os"
	"strings"
	"testing"
)

// docs/reuse.md shows this program whole, as the ten lines a Go tool writes: the page
// and the program must stay the same, so that what the page shows compiles and runs
// (scripts/test-examples runs this program against demo-server).
func TestTheDocumentShowsThisProgram(t *testing.T) {
	doc, err := os.ReadFile("../../docs/reuse.md")
	if err != nil {
		t.Fatal(err)
	}
	program, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- examples/quickstart/main.go -->\n```go\n")
	shown, _, closed := strings.Cut(after, "```\n")
	if !ok || !closed {
		t.Fatal("docs/reuse.md has no Go block after <!-- examples/quickstart/main.go -->")
	}
	if shown != string(program) {
		t.Errorf("docs/reuse.md shows another program than examples/quickstart/main.go:\n%s\nCopy main.go into the page (or the page into main.go).", shown)
	}
}

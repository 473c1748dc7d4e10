package api

import (
	"slices"
	"testing"
)

// Every kind of declaration gets its line; nothing unexported does.
func TestExportedLines(t *testing.T) {
	got, err := exported("testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pkg sample, const KindA Kind",
		"pkg sample, const KindB Kind",
		"pkg sample, const Untyped = 1 << 3",
		"pkg sample, func Open(context.Context, Options, ...string) (*Options, error)",
		"pkg sample, method (*Options) Close() error",
		"pkg sample, method (Options) Len() (int, int)",
		"pkg sample, type Alias = Options",
		"pkg sample, type Kind string",
		"pkg sample, type Options struct",
		"pkg sample, type Options struct, Name string",
		"pkg sample, type Options struct, Other string",
		"pkg sample, type Options struct, Wait func(context.Context) (int, error)",
		"pkg sample, type Options struct, embedded io.Reader",
		"pkg sample, type Pair[comparable, any] struct",
		"pkg sample, type Pair[comparable, any] struct, Key K",
		"pkg sample, type Source interface",
		"pkg sample, type Source interface, Token(context.Context) (string, error)",
		"pkg sample, type Source interface, embedded io.Closer",
		"pkg sample, var ErrX error",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// A changed signature is a line added and a line removed.
func TestDiff(t *testing.T) {
	rec := []string{"pkg p, func A() error", "pkg p, func B()"}
	got := []string{"pkg p, func A(int) error", "pkg p, func B()"}
	added, removed := diff(rec, got)
	if !slices.Equal(added, []string{"pkg p, func A(int) error"}) || !slices.Equal(removed, []string{"pkg p, func A() error"}) {
		t.Errorf("diff: added %q, removed %q", added, removed)
	}
}

// Only packages outside internal/ that are not commands are public; none is missed.
func TestPublicPackages(t *testing.T) {
	got, err := publicPackages("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"sample"}) {
		t.Errorf("public packages under testdata: %q", got)
	}
}

package wailsauth

import (
	"reflect"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/contract"
)

// The page's declaration of the bound Service (frontend/src/backend.ts, WailsApp) and Service's
// methods are the same, both ways: every method Wails binds, promoted ones included, is
// declared with its parameters and result, and the page declares nothing else. A bound
// Go method renamed, added or changed fails here, not at run time in the window.
func TestBindingsMatchTheFrontend(t *testing.T) {
	bound, err := contract.GoBindings(reflect.TypeFor[*Service]())
	if err != nil {
		t.Fatal(err)
	}
	declared, err := contract.TSBindings("../..", "backend.ts", "WailsApp")
	if err != nil {
		t.Fatal(err)
	}
	if len(bound) == 0 || len(declared) == 0 {
		t.Fatalf("%d methods bound, %d declared: the test reads nothing", len(bound), len(declared))
	}
	for _, d := range contract.CompareBindings(bound, declared) {
		t.Error(d)
	}
}

//go:build linux && desktop

package desktop

import (
	"os"
	"testing"
)

func TestSetDefaultsKeepsWhatIsSet(t *testing.T) {
	t.Setenv("ATOMGIT_TEST_PRESET", "0")
	t.Setenv("ATOMGIT_TEST_UNSET", "")
	os.Unsetenv("ATOMGIT_TEST_UNSET") // t.Setenv restores it after the test
	setDefaults([]string{"ATOMGIT_TEST_PRESET=1", "ATOMGIT_TEST_UNSET=1"})
	if got := os.Getenv("ATOMGIT_TEST_PRESET"); got != "0" {
		t.Errorf("a variable already set became %q, want its own 0 kept", got)
	}
	if got := os.Getenv("ATOMGIT_TEST_UNSET"); got != "1" {
		t.Errorf("an unset variable is %q, want 1", got)
	}
}

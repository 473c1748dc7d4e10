package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunWindowPassesArgumentsEnvironmentStreamsAndExitCode(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	env := []string{fakeWindowVar + "=1", "ATOMGIT_CLIENT_SECRET=s3cret", "SYSTEMROOT=" + os.Getenv("SYSTEMROOT")}
	code, err := runWindow(self, []string{"login", "--user=a b"}, env, strings.NewReader("typed"), &stdout, &stderr)
	if err != nil || code != 7 {
		t.Fatalf("runWindow = %d, %v; want the window's exit code 7", code, err)
	}
	if got, want := stdout.String(), `args=["login" "--user=a b"] secret="s3cret" stdin="typed"`+"\n"; got != want {
		t.Errorf("window's output = %q, want %q", got, want)
	}
	if got := stderr.String(); got != "window says goodbye\n" {
		t.Errorf("window's errors = %q", got)
	}
}

func TestRunWindowThatCannotStartIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), windowBinary)
	code, err := runWindow(missing, nil, nil, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("runWindow(missing) = %d, %v; want an error naming %s", code, err, missing)
	}
}

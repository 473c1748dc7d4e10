package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTimeLeft(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{20 * time.Second, "in less than a minute"},
		{0, "in less than a minute"},
		{59 * time.Second, "in less than a minute"},
		{time.Minute, "in 1m"},
		{90 * time.Second, "in 2m"},
		{2*time.Hour + 5*time.Minute + 10*time.Second, "in 2h5m"},
		{8 * time.Hour, "in 8h0m"},
	} {
		if got := english.timeLeft(tc.d); got != tc.want {
			t.Errorf("timeLeft(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// --help speaks to people who never saw the task the defaults came from.
func TestHelpNamesTheProfiles(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"--help"}, Deps{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}); code != ExitOK {
		t.Fatalf("--help: exit %d", code)
	}
	help := out.String() + errb.String()
	if strings.Contains(help, "mission") || !strings.Contains(help, "2023 (the 2023 API") {
		t.Errorf("--help on the profile setting:\n%s", help)
	}
}

//go:build integration && !windows

// Tests against a real Secret Service. Run them inside the private session
// that scripts/with-keyring sets up:
//
//	scripts/with-keyring go test -race -tags integration ./internal/keyring/
//
// go-keyring stores each entry with the attributes service=<service> and
// username=<user>, which is what secret-tool looks up here.

package keyring

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// secretTool runs secret-tool with args and stdin, and returns its output.
func secretTool(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("secret-tool %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// lookup returns what secret-tool finds for (service, user), and whether it
// found anything.
func lookup(t *testing.T, service, user string) (string, bool) {
	t.Helper()
	out, err := secretTool(t, "", "lookup", "service", service, "username", user)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 1 && out == "" {
			return "", false
		}
		t.Fatal(err)
	}
	return out, true
}

// countItems returns how many items secret-tool finds for (service, user).
func countItems(t *testing.T, service, user string) int {
	t.Helper()
	out, err := secretTool(t, "", "search", "--all", "service", service, "username", user)
	if err != nil && out != "" {
		t.Fatal(err)
	}
	n := 0
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "[/") { // "[/1]": the item's path
			n++
		}
	}
	return n
}

func TestIntegrationSetThenSecretToolFinds(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "alice") })

	if err := s.Set(ctx, svc, "alice", "tok-1"); err != nil {
		t.Fatal(err)
	}
	if got, ok := lookup(t, svc, "alice"); !ok || got != "tok-1" {
		t.Fatalf("secret-tool lookup = %q, %v; want %q", got, ok, "tok-1")
	}
}

func TestIntegrationSecretToolStoreThenGet(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "bob") })

	if _, err := secretTool(t, "from-secret-tool", "store", "--label=test", "service", svc, "username", "bob"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, svc, "bob"); err != nil || got != "from-secret-tool" {
		t.Fatalf("Get = %q, %v; want %q", got, err, "from-secret-tool")
	}
}

func TestIntegrationOverwrite(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "carol") })

	for _, secret := range []string{"first", "second"} {
		if err := s.Set(ctx, svc, "carol", secret); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Get(ctx, svc, "carol"); err != nil || got != "second" {
		t.Fatalf("Get = %q, %v; want %q", got, err, "second")
	}
	if got, _ := lookup(t, svc, "carol"); got != "second" {
		t.Errorf("secret-tool lookup = %q, want %q", got, "second")
	}
	if n := countItems(t, svc, "carol"); n != 1 {
		t.Errorf("%d items for the entry, want 1 (Set must replace)", n)
	}
}

func TestIntegrationDelete(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()

	if err := s.Set(ctx, svc, "dave", "tok"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, svc, "dave"); err != nil {
		t.Fatal(err)
	}
	if got, ok := lookup(t, svc, "dave"); ok {
		t.Errorf("secret-tool still finds %q after Delete", got)
	}
	if _, err := s.Get(ctx, svc, "dave"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationMissingEntry(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()

	if err := s.Delete(ctx, svc, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of a missing entry: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, svc, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing entry: err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationConcurrent(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()

	start := time.Now()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			user, secret := fmt.Sprint("user", i), fmt.Sprint("secret-", i)
			if err := s.Set(ctx, svc, user, secret); err != nil {
				t.Errorf("Set(%s): %v", user, err)
				return
			}
			if got, err := s.Get(ctx, svc, user); err != nil || got != secret {
				t.Errorf("Get(%s) = %q, %v; want %q", user, got, err, secret)
			}
		})
	}
	wg.Wait()
	t.Logf("20 Set+Get in parallel: %v", time.Since(start))

	for i := range 20 {
		user := fmt.Sprint("user", i)
		if got, _ := lookup(t, svc, user); got != fmt.Sprint("secret-", i) {
			t.Errorf("secret-tool lookup %s = %q", user, got)
		}
		if n := countItems(t, svc, user); n != 1 {
			t.Errorf("%d items for %s, want 1", n, user)
		}
		if err := s.Delete(ctx, svc, user); err != nil {
			t.Error(err)
		}
	}
}

func TestIntegrationTooBig(t *testing.T) {
	s, svc := realStore(t), testService(t)
	ctx := context.Background()
	t.Cleanup(func() { _ = s.Delete(ctx, svc, "erin") })

	fits := strings.Repeat("x", MaxSize-len(svc)-len("erin")-1)
	if err := s.Set(ctx, svc, "erin", fits); err != nil {
		t.Fatalf("Set of %d bytes: %v", MaxSize-1, err)
	}
	if err := s.Set(ctx, svc, "erin", fits+"y"); !errors.Is(err, ErrTooBig) {
		t.Fatalf("Set of %d bytes: err = %v, want ErrTooBig", MaxSize, err)
	}
	if got, err := s.Get(ctx, svc, "erin"); err != nil || got != fits {
		t.Errorf("Get = %d bytes, %v; want the %d-byte secret", len(got), err, len(fits))
	}
}

// TestIntegrationUnavailable checks the mapping against real D-Bus and
// gnome-keyring failures. go-keyring keeps one session bus connection per
// process, so each case runs in a child process
// (TestIntegrationUnavailableChild) with its own session bus.
func TestIntegrationUnavailable(t *testing.T) {
	realStore(t)

	t.Run("missing socket", func(t *testing.T) {
		addr := "unix:path=" + filepath.Join(t.TempDir(), "no-such-socket")
		checkChild(t, reasonBusUnreachable, nil, "DBUS_SESSION_BUS_ADDRESS="+addr)
	})
	t.Run("bus without Secret Service", func(t *testing.T) {
		checkChild(t, reasonNoSecretService, nil, "DBUS_SESSION_BUS_ADDRESS="+bareBus(t))
	})
	t.Run("locked keyring, no display for the prompt", func(t *testing.T) {
		// A keyring of its own, so that locking it leaves ours alone: gnome-keyring
		// cannot be unlocked again from a script.
		script, err := filepath.Abs("../../scripts/with-keyring")
		if err != nil {
			t.Fatal(err)
		}
		checkChild(t, reasonLocked, []string{script}, "ATOMGIT_KEYRING_CHILD=lock")
	})
}

// checkChild runs TestIntegrationUnavailableChild (behind the command prefix,
// if any) with env added, and checks that its Get failed as unavailable, with
// reason.
func checkChild(t *testing.T, reason string, prefix []string, env ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	args := append(prefix, os.Args[0], "-test.run=^TestIntegrationUnavailableChild$", "-test.count=1")
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(append(os.Environ(), "ATOMGIT_KEYRING_CHILD=get"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var got string
	for line := range strings.Lines(string(out)) {
		if r, ok := strings.CutPrefix(line, "reason: "); ok {
			got = strings.TrimSpace(r)
		}
	}
	if got != reason {
		t.Errorf("reason = %q, want %q\nchild output:\n%s", got, reason, out)
	}
}

// TestIntegrationUnavailableChild is the child process of
// TestIntegrationUnavailable; on its own it does nothing. It prints the
// Reason of the error a Get returns.
func TestIntegrationUnavailableChild(t *testing.T) {
	mode := os.Getenv("ATOMGIT_KEYRING_CHILD")
	if mode == "" {
		t.Skip("runs only as a child of TestIntegrationUnavailable")
	}
	s := realStore(t)
	s.timeout = 20 * time.Second // the locked case fails within about a second
	if mode == "lock" {
		out, err := exec.Command("dbus-send", "--session", "--print-reply=literal",
			"--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
			"org.freedesktop.Secret.Service.Lock",
			"array:objpath:/org/freedesktop/secrets/collection/login").CombinedOutput()
		if err != nil {
			t.Fatalf("locking the keyring: %v\n%s", err, out)
		}
	}
	start := time.Now()
	_, err := s.Get(context.Background(), testService(t), "frank")
	var u *UnavailableError
	if !errors.As(err, &u) {
		t.Fatalf("err = %v, want *UnavailableError", err)
	}
	fmt.Printf("reason: %s\n", u.Reason)
	t.Logf("%v after %v", err, time.Since(start))
}

// bareBus starts a D-Bus session bus that has no services (so no Secret
// Service), stopped at the end of the test, and returns its address.
func bareBus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	config := filepath.Join(dir, "bus.conf")
	err := os.WriteFile(config, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+config, "--nofork", "--print-address=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

//go:build integration

package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestDiagnose runs `atomgit-login diagnose` as built: against the real keyring, the
// window build's own answer about the display, and the stand-in AtomGit. All is well at
// first (exit 0); a locked keyring, then a display that cannot be opened, are each found,
// with the fix, and exit 1.
func TestDiagnose(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	env := withoutProxies(w.env)
	out, errs, code := run(t, env, "diagnose")
	if code != 0 || strings.Contains(out, "✗") {
		t.Fatalf("diagnose where all is well: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"✓ D-Bus: the session bus at ", "✓ storage: the system keyring (service atomgit-login): a test entry written, read and deleted in ",
		"✓ display: the window can open on ", "✓ app (token): "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, clientSecret) {
		t.Error("diagnose printed the client secret")
	}

	// Locked: in a keyring of its own (scripts/with-keyring), as other tests use this one
	// meanwhile.
	locked := exec.Command("../scripts/with-keyring", "bash", "-c", `dbus-send --session --print-reply=literal --dest=org.freedesktop.secrets \
		/org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null &&
		exec "$0" diagnose`, binary)
	locked.Env = env
	outb, err := locked.Output()
	out = string(outb)
	if _, ok := err.(*exec.ExitError); !ok || locked.ProcessState.ExitCode() != 1 ||
		!strings.Contains(out, "✗ storage: the system keyring (service atomgit-login) is locked → unlock it") {
		t.Errorf("diagnose with the keyring locked: %v\n%s", err, out)
	}

	out, _, code = run(t, withDisplay(env, unservedDisplay(t)), "diagnose")
	if code != 1 || !strings.Contains(out, "✗ display: the window cannot open: the display :") || !strings.Contains(out, "→ sign in with atomgit-login login --browser") {
		t.Errorf("diagnose with no display: exit %d\n%s", code, out)
	}
}

// withoutProxies is env without proxy variables: the machine running the tests may have
// some, and diagnose would rightly report those it cannot use.
func withoutProxies(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasSuffix(strings.ToLower(name), "_proxy") {
			out = append(out, kv)
		}
	}
	return out
}

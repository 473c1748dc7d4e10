package wiring

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// TestDemoSignsInWithPKCE: the demo exercises the stand-in's verifier check.
func TestDemoSignsInWithPKCE(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the demo's state, the lock and the signal
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"ATOMGIT_CONFIG": file, "ATOMGIT_REDIRECT_URI": "http://127.0.0.1:0/callback"}
	cfg, err := (&config.Loader{Getenv: func(k string) string { return vars[k] }}).Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	env := &Env{Config: cfg, Store: &keyring.Memory{}, Demo: true}
	m, err := env.Open(ctx, SessionOptions{Wait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close() // the demo's server too: nothing writes its state after the test
	start, err := m.BeginBrowserSignIn()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(start.URL)
	if q := u.Query(); q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Fatalf("the demo's authorize URL has %v, want an S256 code_challenge", q)
	}
	if err := (&fakeatomgit.Browser{}).Approve(ctx, start.URL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); m.Status().State != session.SignedIn; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not signed in: %+v", m.Status())
		}
	}
}

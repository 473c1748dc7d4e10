package authflow

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A pasted address or query decides the attempt only with its state; anything else is
// refused with why, and the attempt goes on.
func TestSubmitDecidesOnlyWithTheState(t *testing.T) {
	const redirect = "http://127.0.0.1:8765/callback"
	a, log := caught(t, redirect)
	for _, tc := range []struct {
		paste string
		want  error
	}{
		{"https://atomgit.example/login/oauth/authorize?client_id=x&state=" + a.State(), ErrNotCallback}, // the address to open
		{"http://127.0.0.1:8766/callback?code=c&state=" + a.State(), ErrNotCallback},
		{"hello", ErrNotCallback},
		{"", ErrNotCallback},
		{"%zz=1", ErrNotCallback},
		{redirect + "?code=stale&state=an-earlier-sign-in", &CallbackError{Code: CodeStateMismatch}},
		{"code=forged", &CallbackError{Code: CodeStateMismatch}},
		{"?code=c&state=" + a.State()[:10], &CallbackError{Code: CodeStateMismatch}},
	} {
		err := a.Submit(tc.paste)
		var ce, want *CallbackError
		switch {
		case errors.As(tc.want, &want):
			if !errors.As(err, &ce) || ce.Code != want.Code {
				t.Errorf("Submit(%q) = %v, want %v", tc.paste, err, tc.want)
			}
		case !errors.Is(err, tc.want):
			t.Errorf("Submit(%q) = %v, want %v", tc.paste, err, tc.want)
		}
	}
	select {
	case <-a.Done():
		t.Fatal("a refused paste decided the attempt")
	default:
	}
	waitFor(t, func() bool { return strings.Contains(log.String(), "reason=state_mismatch via=paste") })
	if strings.Contains(log.String(), "forged") || strings.Contains(log.String(), "stale") {
		t.Error("the log holds a code")
	}
	if err := a.Submit("  <" + redirect + "?code=the-code&state=" + a.State() + ">\n"); err != nil {
		t.Fatalf("the answer: %v", err)
	}
	if res, err := waitResult(t, a); err != nil || res.Code != "the-code" {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	if err := a.Submit(redirect + "?code=another&state=" + a.State()); !errors.Is(err, ErrDecided) {
		t.Errorf("a second answer: %v, want ErrDecided", err)
	}
}

// Just the code and state decide as the whole address does; AtomGit's error too.
func TestSubmitTheQueryAlone(t *testing.T) {
	a, _ := caught(t, "http://127.0.0.1:8765/callback")
	if err := a.Submit("state=" + a.State() + "&code=c1"); err != nil {
		t.Fatal(err)
	}
	if res, err := waitResult(t, a); err != nil || res.Code != "c1" {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	b, _ := caught(t, "http://127.0.0.1:8765/callback")
	if err := b.Submit("?error=access_denied&state=" + b.State()); err != nil {
		t.Fatal(err)
	}
	var ce *CallbackError
	if _, err := waitResult(t, b); !errors.As(err, &ce) || ce.Code != CodeDenied {
		t.Fatalf("Wait: %v, want denied", err)
	}
}

// An attempt with a listener takes its callback there alone.
func TestSubmitRefusedWithAListener(t *testing.T) {
	a, err := Start(context.Background(), Options{RedirectURI: "http://127.0.0.1:0/callback"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Cancel()
	if err := a.Submit(a.RedirectURI() + "?code=c&state=" + a.State()); err == nil {
		t.Fatal("a paste decided an attempt with a listener")
	}
}

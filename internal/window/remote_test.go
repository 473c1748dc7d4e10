package window

import (
	"context"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// remoteSignIn asks the app to sign in as `atomgit-login login` does through the socket,
// and returns whether it joined, and a way to wait for the outcome.
func remoteSignIn(t *testing.T, h *harness) (bool, func() instance.Outcome) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), patience)
	joined, wait := remote{h.c}.SignIn(ctx)
	return joined, func() instance.Outcome {
		t.Helper()
		defer cancel()
		o, err := wait(ctx)
		if err != nil {
			t.Fatalf("the sign-in did not end: %v", err)
		}
		return o
	}
}

// `login` with the window open: the window comes to the front, opens AtomGit's page
// itself, and answers with the account once the person has signed in.
func TestLoginRequestSignsInInTheOpenWindow(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	joined, wait := remoteSignIn(t, h)
	if joined {
		t.Error("joined a sign-in when none was under way")
	}
	if h.win.Called("Raise") != 1 || h.win.Called("Navigate") != 1 {
		t.Fatalf("raised %d, navigated %d; want the window raised and at AtomGit's page", h.win.Called("Raise"), h.win.Called("Navigate"))
	}
	h.approve(h.win.LastURL())
	if o := wait(); o.Problem != nil || o.Account == nil || o.Account.Login != "demo" {
		t.Fatalf("outcome %+v %+v; want demo signed in", o.Account, o.Problem)
	}
	// Signed in now: another `login` is answered at once, with no new sign-in.
	joined, wait = remoteSignIn(t, h)
	if o := wait(); joined || o.Account == nil || o.Account.Login != "demo" || h.win.Called("Navigate") != 1 {
		t.Errorf("when signed in: joined %v, outcome %+v, navigations %d", joined, o.Account, h.win.Called("Navigate"))
	}
}

// A sign-in the person began in the window is joined, not started again.
func TestLoginRequestJoinsTheSignInUnderWay(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	start, err := h.c.SignIn() // the person pressed Sign in
	if err != nil {
		t.Fatal(err)
	}
	joined, wait := remoteSignIn(t, h)
	if !joined || h.win.Called("Navigate") != 0 {
		t.Fatalf("joined %v, navigations %d; want the attempt under way joined", joined, h.win.Called("Navigate"))
	}
	h.approve(start.URL)
	if o := wait(); o.Account == nil || o.Account.Login != "demo" {
		t.Fatalf("outcome %+v %+v; want demo signed in", o.Account, o.Problem)
	}
}

func TestLoginRequestLearnsOfACancel(t *testing.T) {
	h := newHarness(t, true)
	h.start()
	_, wait := remoteSignIn(t, h)
	h.c.CancelSignIn()
	if o := wait(); o.Account != nil || o.Problem == nil || o.Problem.Code != session.CodeCancelled {
		t.Fatalf("outcome %+v %+v; want cancelled", o.Account, o.Problem)
	}
}

// A window with no OAuth app cannot sign in: the answer says what the window shows, and
// no internal error's words.
func TestLoginRequestToAnUnconfiguredWindow(t *testing.T) {
	h := newHarness(t, false)
	h.start()
	_, wait := remoteSignIn(t, h)
	o := wait()
	if o.Account != nil || o.Problem == nil || o.Problem.Code != session.CodeInternal || o.Problem.Detail == "" ||
		strings.Contains(o.Problem.Detail, "session:") {
		t.Fatalf("outcome %+v %+v", o.Account, o.Problem)
	}
}

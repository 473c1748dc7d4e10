package cli

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/contract"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Every code the backend can send, read from its source, has its own words: a new code
// fails here until it has them.
func TestEveryProblemCodeHasASentence(t *testing.T) {
	codes, err := contract.ProblemCodes("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		if problemClauses[code] == "" {
			t.Errorf("problem code %q has no words in problemClauses", code)
		}
		if got := problemText(&session.Problem{Code: code}); got == "" || strings.HasSuffix(got, ": ") {
			t.Errorf("problemText(%q) = %q", code, got)
		}
	}
	for code := range problemClauses {
		if !slices.Contains(codes, code) {
			t.Errorf("problemClauses has words for %q, which the backend does not send", code)
		}
	}
}

func TestProblemTextIsNeverEmpty(t *testing.T) {
	for _, tc := range []struct {
		p    *session.Problem
		want string
	}{
		{nil, "something went wrong"},
		{&session.Problem{}, "something went wrong"},
		{&session.Problem{Code: "teapot"}, "something went wrong (teapot)"},
		{&session.Problem{Code: "teapot", Detail: "418"}, "something went wrong (teapot): 418"},
		{&session.Problem{Code: session.CodeNetwork, Detail: "no such host"}, "AtomGit cannot be reached: no such host"},
		{&session.Problem{Code: session.CodePortInUse, Detail: "127.0.0.1:8765", Setting: "ATOMGIT_REDIRECT_URI"},
			"another program uses the callback address: 127.0.0.1:8765; change ATOMGIT_REDIRECT_URI and register the new URL with the OAuth app"},
	} {
		if got := problemText(tc.p); got != tc.want {
			t.Errorf("problemText(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestWhyNot(t *testing.T) {
	ada := &session.Account{Login: "ada", Name: "Ada"}
	revoked := &session.Problem{Code: session.CodeInvalidGrant}
	for _, tc := range []struct {
		name string
		st   session.Status
		err  error
		demo bool
		want string
	}{
		{"signed out", session.Status{State: session.SignedOut}, session.ErrNoRecord, false,
			"not signed in to h; sign in with: atomgit-login"},
		{"signed out of the demo", session.Status{State: session.SignedOut}, session.ErrNoRecord, true,
			"not signed in to h; sign in with: atomgit-login --demo"},
		{"keyring", session.Status{State: session.SignedOut, StorageProblem: &session.Problem{Code: session.CodeKeyringTimeout}}, session.ErrNoRecord, false,
			"cannot read the stored sign-in: the system keyring did not answer in time (is it locked?)"},
		{"revoked", session.Status{State: session.Reauth, Account: ada, Error: revoked}, errors.New("x"), false,
			"the session of Ada (@ada) on h has ended: the grant was revoked or has expired; sign in again with: atomgit-login"},
		{"revoked, nobody named", session.Status{State: session.Reauth}, nil, false,
			"the session on h has ended: something went wrong; sign in again with: atomgit-login"},
		{"sign-in failed", session.Status{State: session.Failed, Error: &session.Problem{Code: "state_mismatch"}}, nil, false,
			"sign-in to h failed: the answer did not belong to this sign-in, so nothing was stored; please try again"},
		{"offline", session.Status{State: session.Offline, Account: ada, Error: &session.Problem{Code: session.CodeServer}}, errors.New("x"), false,
			"cannot refresh the token for h: AtomGit had a problem; try again in a moment"},
		{"only an error", session.Status{State: session.SignedIn, Account: ada}, errors.New("context canceled"), false,
			"no token for h: context canceled"},
		{"nothing", session.Status{State: session.SignedIn, Account: ada}, nil, false, "no token for h"},
	} {
		if got := whyNot(tc.st, tc.err, "h", tc.demo); got != tc.want {
			t.Errorf("%s: whyNot = %q, want %q", tc.name, got, tc.want)
		}
	}
}

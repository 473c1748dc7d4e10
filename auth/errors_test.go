package auth

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Each way of having no token is the error a tool branches on, whether it comes from a
// call (fail) or from the status (statusOf).
func TestTheErrorsAToolBranchesOn(t *testing.T) {
	alice := &session.Account{Login: "alice", Name: "Alice"}
	locked := &keyring.UnavailableError{Reason: keyring.LockedReason}
	for _, tc := range []struct {
		name      string
		err       error
		st        session.Status
		elsewhere bool
		want      error
	}{
		{"nobody", session.ErrNoRecord, session.Status{State: session.SignedOut}, false, ErrNotSignedIn},
		{"signed out elsewhere", session.ErrNoRecord, session.Status{State: session.SignedOut}, true, ErrSignedOutElsewhere},
		{"revoked", &atomgit.Error{Op: "refresh", Code: "invalid_grant"}, session.Status{State: session.Reauth, Account: alice}, false, ErrGrantRevoked},
		{"keyring locked at the start", session.ErrNoRecord, session.Status{State: session.SignedOut,
			StorageProblem: &session.Problem{Code: session.CodeKeyringUnavailable, Detail: keyring.LockedReason}}, false, ErrKeyringLocked},
		{"keyring slow", session.ErrNoRecord, session.Status{State: session.SignedOut,
			StorageProblem: &session.Problem{Code: session.CodeKeyringTimeout}}, false, ErrKeyringLocked},
		{"no keyring", session.ErrNoRecord, session.Status{State: session.SignedOut,
			StorageProblem: &session.Problem{Code: session.CodeKeyringUnavailable, Detail: "no Secret Service"}}, false, ErrKeyringUnavailable},
		{"a locked keyring's error", fmt.Errorf("session: read: %w", locked), session.Status{}, false, ErrKeyringLocked},
		{"offline", &atomgit.Error{Op: "refresh", Message: "dial tcp: refused"}, session.Status{State: session.Offline, Account: alice,
			Error: &session.Problem{Code: session.CodeNetwork}}, false, ErrOffline},
		{"expired, the floor holds", session.ErrExpired, session.Status{State: session.Offline, Account: alice}, false, ErrOffline},
		{"a bad setting", &config.Error{Setting: "ATOMGIT_TOKEN_URL", Msg: "must be https"}, session.Status{}, false, ErrMisconfigured},
		{"no cache folder", session.ErrNoCacheDir, session.Status{}, false, ErrMisconfigured},
	} {
		got := fail(tc.err, tc.st, tc.elsewhere)
		if !errors.Is(got, tc.want) {
			t.Errorf("%s: fail = %v, want %v", tc.name, got, tc.want)
		}
		if _, ok := errors.AsType[*Error](got); !ok {
			t.Errorf("%s: %T is not an *Error", tc.name, got)
		}
		if tc.st.State != "" && tc.st.State != session.SignedIn {
			if st := statusOf(tc.st, tc.elsewhere); !errors.Is(st.Err, tc.want) && tc.err == session.ErrNoRecord {
				t.Errorf("%s: status error %v, want %v", tc.name, st.Err, tc.want)
			}
		}
	}
	if err := fail(context.Canceled, session.Status{}, false); err != context.Canceled {
		t.Errorf("a cancelled context: %v", err)
	}
	if st := statusOf(session.Status{State: session.SignedIn, Account: alice, ExpiresAt: new(time.Now())}, false); st.Err != nil || st.State != StateSignedIn {
		t.Errorf("signed in: %+v", st)
	}
}

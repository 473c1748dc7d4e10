//go:build integration

package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// TestTokensThatExpireAtOnceCauseNoRefreshStorm is the review's refresh storm, tried again
// the way it was found: AtomGit answers every token request with a lifetime of a
// millisecond, or with an expiry an hour in the past (a clock skew). The window, which
// follows the session, and 20 `token` runs before and 20 after the window's refresh send
// one refresh in all (the window's, at the floor's end, RefreshFloor after the sign-in;
// the next may come a minute later), where they sent thousands; every `token` exits 1 with
// the reason and prints no token; the window shows why.
func TestTokensThatExpireAtOnceCauseNoRefreshStorm(t *testing.T) {
	for _, tc := range []struct {
		name     string
		announce func(now time.Time) string
	}{
		{"1ms", func(time.Time) string { return "0.001" }},
		{"an-hour-ago", func(now time.Time) string { return strconv.FormatInt(now.Add(-time.Hour).UnixMilli(), 10) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, fakeatomgit.Options{ExpiresIn: tc.announce})
			signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
			a := startApp(t, "storm-"+tc.name, w.env)
			a.waitShown("offline") // the token has expired; the next refresh waits for the floor
			screenshot(t, "storm-"+tc.name+"-1-offline")

			tokens := func() {
				t.Helper()
				for i := range 20 {
					out, stderr, code := run(t, w.env, "token")
					if code != 1 || out != "" || !strings.Contains(stderr, "no valid token for") || !strings.Contains(stderr, "expire") {
						t.Fatalf("token run %d: exit %d, stdout %q, stderr %q; want exit 1, no token, and why", i+1, code, out, stderr)
					}
				}
			}
			tokens()
			// The window's refresh at the floor's end may have come by now on a slow machine.
			if n := w.stats().Refreshes; n > 1 {
				t.Errorf("within half a minute of the sign-in: %d refreshes, want at most the window's one", n)
			}

			// The window's timer refreshes at the floor's end; its new token has expired too,
			// and the floor doubles.
			w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.Refreshes >= 1 })
			a.waitLog("msg=status", "state=refreshing")
			a.waitLog("msg=status", "state=offline", "problem=short_lived")
			tokens()
			w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 })
			// The next may come a minute after the first (the floor doubles): on a slow
			// machine, before the end; never more.
			if n := w.stats().Refreshes; n > 2 {
				t.Errorf("the window and 40 token runs sent %d refreshes, want 1 (2 on a slow machine)", n)
			}
			screenshot(t, "storm-"+tc.name+"-2-offline-after-a-refresh")
			if st, code := status(t, w.env); code != 1 || st.TokenValid || st.State != session.Offline || st.Problem == nil || st.Problem.Code != session.CodeShortLived {
				t.Errorf("status --json: %+v (problem %+v), exit %d; want offline, no valid token, short_lived", st, st.Problem, code)
			}
		})
	}
}

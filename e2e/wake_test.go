//go:build integration

package e2e

import (
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakelogind"
)

// TestTheWindowShowsTheTruthWithin5sOfWaking: the window is offline, its next try ten
// minutes away (AtomGit asked, Retry-After), when the machine wakes (logind's
// PrepareForSleep(false), from a stand-in on a private system bus) with the network back:
// within 5 s it shows the account signed in again.
func TestTheWindowShowsTheTruthWithin5sOfWaking(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	bus, err := fakelogind.Start(t.Context())
	if err != nil {
		t.Fatalf("a private system bus: %v", err)
	}
	t.Cleanup(func() { bus.Close() })
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	expireStoredToken(t)
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 503, RetryAfter: "600"})
	a := startApp(t, "wake", append(w.env, "DBUS_SYSTEM_BUS_ADDRESS="+bus.Address))
	a.waitShown("offline")
	w.srv.ClearFaults()
	if err := bus.PrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	if err := bus.PrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	woke := time.Now()
	a.waitLogBy(woke.Add(5*time.Second), "msg=woke", "why=resumed")
	a.waitLogBy(woke.Add(5*time.Second), "msg=shown", "state=signed_in ")
	screenshot(t, "woke-signed-in")
	if st, code := status(t, w.env); code != 0 || !st.TokenValid {
		t.Errorf("status after the wake: %+v, exit %d", st, code)
	}
}

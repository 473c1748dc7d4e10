//go:build linux

package wake

import (
	"context"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakelogind"
)

// systemBus starts a private system bus with logind and NetworkManager stand-ins, and
// points this process at it.
func systemBus(t *testing.T) *fakelogind.Bus {
	t.Helper()
	b, err := fakelogind.Start(t.Context())
	if err != nil {
		t.Fatalf("a private system bus (dbus-daemon, from the dbus package, is needed): %v", err)
	}
	t.Cleanup(func() { b.Close() })
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", b.Address)
	return b
}

// next is the next event, or fails the test after a generous wait.
func next(t *testing.T, events <-chan Event) Event {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no wake event")
		return ""
	}
}

// The wake from sleep and the network coming back are reported, each once; going to
// sleep, a network going down, or a connected network that stays connected are not.
func TestWatchReportsTheWakeAndTheNetworkComingBack(t *testing.T) {
	b := systemBus(t)
	events := make(chan Event, 10)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := Watch(ctx, func(e Event) { events <- e }); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		send func() error
		want Event // "" for none
	}{
		{func() error { return b.PrepareForSleep(true) }, ""},
		{func() error { return b.PrepareForSleep(false) }, Resumed},
		{func() error { return b.NetworkState(20) }, ""},
		{func() error { return b.NetworkState(70) }, NetworkUp},
		{func() error { return b.NetworkState(70) }, ""},
		{func() error { return b.PrepareForSleep(false) }, Resumed},
	} {
		if err := step.send(); err != nil {
			t.Fatal(err)
		}
		if step.want != "" {
			if got := next(t, events); got != step.want {
				t.Fatalf("event %q, want %q", got, step.want)
			}
		}
	}
	select {
	case e := <-events:
		t.Errorf("one event too many: %q", e)
	default:
	}
}

// Only logind can say the machine woke: the same signal from another process on the
// bus is not believed.
func TestWatchIgnoresTheSignalFromAnotherSender(t *testing.T) {
	b := systemBus(t)
	events := make(chan Event, 10)
	if err := Watch(t.Context(), func(e Event) { events <- e }); err != nil {
		t.Fatal(err)
	}
	other, err := b.Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Emit("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", false); err != nil {
		t.Fatal(err)
	}
	// A round trip to the bus after the signal: the bus has routed it by the answer, so a
	// signal the watcher gets would come before logind's below.
	if err := other.BusObject().Call("org.freedesktop.DBus.Peer.Ping", 0).Err; err != nil {
		t.Fatal(err)
	}
	if err := b.NetworkState(70); err != nil {
		t.Fatal(err)
	}
	if got := next(t, events); got != NetworkUp {
		t.Errorf("first event %q: another process's signal was believed", got)
	}
}

// Without a system bus (a container, CI), Watch says so at once and nothing is followed.
func TestWatchWithoutASystemBus(t *testing.T) {
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	done := make(chan error, 1)
	go func() { done <- Watch(t.Context(), func(Event) { t.Error("an event without a bus") }) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Watch found a bus where there is none")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Watch waits for a bus that is not there")
	}
}

//go:build linux

package wake

import (
	"context"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// The signals followed on the system bus. Only the owners of these names can send them
// there (the bus's policy gives the names to logind and NetworkManager).
const (
	login1        = "org.freedesktop.login1"
	login1Path    = "/org/freedesktop/login1"
	login1Manager = "org.freedesktop.login1.Manager"
	nm            = "org.freedesktop.NetworkManager"
	nmPath        = "/org/freedesktop/NetworkManager"
	// nmConnectedGlobal is NM_STATE_CONNECTED_GLOBAL: connected, with access to the
	// Internet.
	nmConnectedGlobal = 70
)

// Watch calls onWake when the machine wakes from sleep (logind's PrepareForSleep(false))
// and when NetworkManager, if there is one, says the network is connected again, until
// ctx ends. It returns once it listens, so nothing after it is missed; with no system bus
// (a container, CI) it returns the error at once, and nothing is followed. onWake runs
// on Watch's own goroutine, one call at a time: it should return soon.
func Watch(ctx context.Context, onWake func(Event)) error {
	conn, err := dbus.ConnectSystemBus(dbus.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("wake: the system bus: %w", err)
	}
	for _, match := range [][]dbus.MatchOption{
		{dbus.WithMatchSender(login1), dbus.WithMatchObjectPath(login1Path), dbus.WithMatchInterface(login1Manager), dbus.WithMatchMember("PrepareForSleep")},
		{dbus.WithMatchSender(nm), dbus.WithMatchObjectPath(nmPath), dbus.WithMatchInterface(nm), dbus.WithMatchMember("StateChanged")},
	} {
		if err := conn.AddMatchSignalContext(ctx, match...); err != nil {
			conn.Close()
			return fmt.Errorf("wake: following the system bus: %w", err)
		}
	}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	go func() {
		defer conn.Close()
		connected := false // the first "connected" is news too: a check costs little
		for {
			var s *dbus.Signal
			select {
			case <-ctx.Done():
				return
			case s = <-signals:
			}
			if s == nil { // the connection closed
				return
			}
			switch {
			case s.Name == login1Manager+".PrepareForSleep" && s.Path == login1Path && len(s.Body) == 1:
				if sleeping, ok := s.Body[0].(bool); ok && !sleeping {
					onWake(Resumed)
				}
			case s.Name == nm+".StateChanged" && s.Path == nmPath && len(s.Body) == 1:
				state, ok := s.Body[0].(uint32)
				if !ok {
					continue
				}
				if state >= nmConnectedGlobal && !connected {
					onWake(NetworkUp)
				}
				connected = state >= nmConnectedGlobal
			}
		}
	}()
	return nil
}

//go:build linux

// Package fakelogind is a private system bus for tests, on which a stand-in for logind
// (and for NetworkManager) announces a sleep and a wake: dbus-daemon with a permissive
// configuration in a folder of its own, and a connection that owns their names. Point a
// process at it with DBUS_SYSTEM_BUS_ADDRESS.
package fakelogind

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// config lets everything through, to one user: a test's system bus.
const config = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`

// Bus is a private system bus with logind's and NetworkManager's names owned.
type Bus struct {
	// Address is the bus's address, for DBUS_SYSTEM_BUS_ADDRESS.
	Address string
	daemon  *exec.Cmd
	dir     string
	conn    *dbus.Conn // owns the names, and sends their signals
}

// Start starts the bus (dbus-daemon must be installed) and takes the names.
func Start(ctx context.Context) (*Bus, error) {
	dir, err := os.MkdirTemp("", "fakelogind-")
	if err != nil {
		return nil, err
	}
	b := &Bus{dir: dir}
	file := filepath.Join(dir, "system.conf")
	if err := os.WriteFile(file, fmt.Appendf(nil, config, filepath.Join(dir, "system_bus_socket")), 0o600); err != nil {
		b.Close()
		return nil, err
	}
	b.daemon = exec.Command("dbus-daemon", "--config-file="+file, "--nofork", "--nopidfile", "--print-address=1")
	out, err := b.daemon.StdoutPipe()
	if err != nil {
		b.Close()
		return nil, err
	}
	if err := b.daemon.Start(); err != nil {
		b.Close()
		return nil, fmt.Errorf("fakelogind: dbus-daemon: %w", err)
	}
	addr, err := bufio.NewReader(out).ReadString('\n') // printed once it listens
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("fakelogind: dbus-daemon said no address: %w", err)
	}
	b.Address = strings.TrimSpace(addr)
	if b.conn, err = b.Connect(ctx); err != nil {
		b.Close()
		return nil, err
	}
	for _, name := range []string{"org.freedesktop.login1", "org.freedesktop.NetworkManager"} {
		if reply, err := b.conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
			b.Close()
			return nil, fmt.Errorf("fakelogind: own %s: %v (%v)", name, err, reply)
		}
	}
	return b, nil
}

// Connect opens another connection to the bus: another process on it.
func (b *Bus) Connect(ctx context.Context) (*dbus.Conn, error) {
	conn, err := dbus.Connect(b.Address, dbus.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("fakelogind: connect: %w", err)
	}
	return conn, nil
}

// PrepareForSleep sends logind's signal: true before the machine sleeps, false once it
// has woken.
func (b *Bus) PrepareForSleep(sleeping bool) error {
	return b.conn.Emit("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", sleeping)
}

// NetworkState sends NetworkManager's StateChanged with state (70: connected globally,
// 20: disconnected).
func (b *Bus) NetworkState(state uint32) error {
	return b.conn.Emit("/org/freedesktop/NetworkManager", "org.freedesktop.NetworkManager.StateChanged", state)
}

// Close stops the bus and removes its folder.
func (b *Bus) Close() error {
	if b.conn != nil {
		b.conn.Close()
	}
	if b.daemon != nil && b.daemon.Process != nil {
		b.daemon.Process.Kill()
		done := make(chan struct{})
		go func() { b.daemon.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
	return os.RemoveAll(b.dir)
}

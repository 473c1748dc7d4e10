package instance

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// openWith claims at, lets set change the instance's limits, and serves w until the test
// ends.
func openWith(t *testing.T, at Place, w Window, set func(*Instance)) *Instance {
	t.Helper()
	i, err := Claim(at, nil)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	set(i)
	served := make(chan error, 1)
	go func() { served <- i.Serve(w) }()
	t.Cleanup(func() {
		i.Close()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return i
}

// ask sends line on a connection of its own and returns the window's first answer ("" when
// it hung up without one).
func ask(t *testing.T, at Place, line string) string {
	t.Helper()
	c, err := net.Dial("unix", at.Socket)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second)) // a watchdog: the answer comes at once
	io.WriteString(c, line)                         // a busy window may have hung up already: its answer is there
	got, err := bufio.NewReader(c).ReadString('\n')
	if errors.Is(err, io.EOF) {
		return ""
	}
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return got
}

// A window serves at most its cap of connections at once: one more is told at once that
// the window is busy and served nothing, and a caller waits for a free place.
func TestTheWindowServesAtMostItsCapOfConnections(t *testing.T) {
	at := place(t)
	w := &fakeWindow{release: make(chan struct{})}
	openWith(t, at, w, func(i *Instance) { i.maxConns = 2 })
	accepted := make(chan bool, 2)
	signedIn := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := SignIn(testContext(t), at, func(joined bool) { accepted <- joined })
			signedIn <- err
		}()
	}
	<-accepted
	<-accepted // both sign-ins hold a place: the cap is reached
	if got := ask(t, at, `{"v":1,"op":"raise"}`+"\n"); got != `{"busy":true}`+"\n" {
		t.Errorf("a third connection was answered %q, want busy", got)
	}
	if n := w.raised.Load(); n != 0 {
		t.Errorf("raised %d times beyond the cap", n)
	}
	raised := make(chan error, 1)
	go func() { raised <- Raise(testContext(t), at) }() // waits for a place
	close(w.release)
	for range 2 {
		if err := <-signedIn; err != nil {
			t.Errorf("sign in: %v", err)
		}
	}
	if err := <-raised; err != nil || w.raised.Load() != 1 {
		t.Errorf("raise once the sign-ins ended: %v, raised %d", err, w.raised.Load())
	}
}

// A peer that connects and says nothing is hung up on after requestWithin, and its place
// goes to the next caller.
func TestAnIdlePeerIsHungUpOn(t *testing.T) {
	at := place(t)
	w := &fakeWindow{}
	openWith(t, at, w, func(i *Instance) { i.maxConns, i.requestWithin = 1, 500*time.Millisecond })
	idle, err := net.Dial("unix", at.Socket)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	idle.SetReadDeadline(time.Now().Add(30 * time.Second)) // a watchdog
	if n, err := idle.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("an idle peer read %d bytes, %v; want the window to hang up (EOF)", n, err)
	}
	if err := Raise(testContext(t), at); err != nil || w.raised.Load() != 1 {
		t.Errorf("raise after the idle peer: %v, raised %d", err, w.raised.Load())
	}
}

// A caller that finds the window busy for all its patience gives up with ErrBusy.
func TestACallerGivesUpOnAWindowThatStaysBusy(t *testing.T) {
	at := place(t)
	w := &fakeWindow{release: make(chan struct{})}
	openWith(t, at, w, func(i *Instance) { i.maxConns = 1 })
	defer close(w.release)
	accepted := make(chan bool, 1)
	go SignIn(testContext(t), at, func(joined bool) { accepted <- joined })
	<-accepted
	if err := raise(context.Background(), at, 50*time.Millisecond); !errors.Is(err, ErrBusy) {
		t.Errorf("raise: %v, want ErrBusy", err)
	}
}

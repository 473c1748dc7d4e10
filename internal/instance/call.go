package instance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// answerWithin is how long a caller waits for a window that holds the lock to listen on
// its socket (it listens right after taking the lock), and then for its first answer (a
// window that is starting answers once its session is open).
const answerWithin = 30 * time.Second

// Raise asks the window open at at to come to the front. It fails with ErrNoWindow when
// none is open, and with ErrNoAnswer when the window does not answer in time.
func Raise(ctx context.Context, at Place) error { return raise(ctx, at, answerWithin) }

func raise(ctx context.Context, at Place, patience time.Duration) error {
	r, _, err := call(ctx, at, OpRaise, patience)
	if err != nil {
		return err
	}
	r.close()
	return nil
}

// SignIn asks the window open at at to sign in, and returns how that sign-in ended.
// accepted, when not nil, is called once the window has taken the request: joined says it
// joined a sign-in already under way there. It fails with ErrNoWindow when no window is
// open, with ErrNoAnswer (or ErrBusy) when the window does not take the request in time,
// and with ErrClosed when the window closed before the sign-in ended. The sign-in itself
// may take as long as the person does. When ctx ends, the call returns and the window
// goes on.
func SignIn(ctx context.Context, at Place, accepted func(joined bool)) (Outcome, error) {
	return signIn(ctx, at, accepted, answerWithin)
}

func signIn(ctx context.Context, at Place, accepted func(joined bool), patience time.Duration) (Outcome, error) {
	r, rep, err := call(ctx, at, OpLogin, patience)
	if err != nil {
		return Outcome{}, err
	}
	defer r.close()
	for {
		if rep.Accepted {
			r.c.SetReadDeadline(time.Time{}) // taken: now the person's time
			if accepted != nil {
				accepted(rep.Joined)
			}
		}
		if rep.Done {
			return Outcome{Account: rep.Account, Problem: rep.Problem}, nil
		}
		if rep, err = r.next(); err != nil {
			return Outcome{}, err
		}
	}
}

// replies is a request sent, and the window's answer read a line at a time.
type replies struct {
	ctx  context.Context
	c    net.Conn
	r    *bufio.Reader
	stop func() bool // ends the watch of ctx
}

// call connects to the window at at, sends the request op and returns its first answer,
// due within patience. A window that answers busy is asked again (after busyPause) until
// patience ends (then ErrBusy). The connection is closed when ctx ends, which ends any
// read.
func call(ctx context.Context, at Place, op string, patience time.Duration) (*replies, reply, error) {
	deadline := time.Now().Add(patience)
	for {
		r, err := send(ctx, at, op, deadline)
		if err != nil {
			return nil, reply{}, err
		}
		rep, err := r.next()
		if err == nil && !rep.Busy {
			return r, rep, nil
		}
		r.close()
		if err != nil {
			return nil, reply{}, err
		}
		if time.Now().Add(busyPause).After(deadline) {
			return nil, reply{}, ErrBusy
		}
		select {
		case <-ctx.Done():
			return nil, reply{}, ctx.Err()
		case <-time.After(busyPause):
		}
	}
}

// busyPause is how long a caller waits before asking a busy window again.
const busyPause = 50 * time.Millisecond

// send connects to the window at at and sends the request op; its answer is due by
// deadline.
func send(ctx context.Context, at Place, op string, deadline time.Time) (*replies, error) {
	c, err := dial(ctx, at, time.Until(deadline))
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	c.SetDeadline(deadline)
	b, _ := json.Marshal(request{V: Version, Op: op})
	// A failed write is not the end: a busy window answers and hangs up before reading,
	// and its answer is still there to read (else the read finds the window closed).
	c.Write(append(b, '\n'))
	return &replies{ctx: ctx, c: c, r: bufio.NewReader(io.LimitReader(c, maxLine)), stop: stop}, nil
}

// close ends the call.
func (r *replies) close() {
	r.stop()
	r.c.Close()
}

// next is the window's next line; a reply that reports an error is an error.
func (r *replies) next() (reply, error) {
	line, err := r.r.ReadBytes('\n')
	switch {
	case err == nil:
	case r.ctx.Err() != nil:
		return reply{}, r.ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return reply{}, ErrNoAnswer
	default:
		return reply{}, ErrClosed
	}
	var rep reply
	if err := json.Unmarshal(line, &rep); err != nil {
		return reply{}, fmt.Errorf("instance: the window's answer is not understood: %w", err)
	}
	if rep.Error != "" {
		return reply{}, fmt.Errorf("instance: the window: %s", rep.Error)
	}
	return rep, nil
}

// dial connects to the window at at. When nobody listens it asks the lock: free means no
// window (ErrNoWindow); held means a window that is starting, which listens right after
// taking the lock: it is tried again, for patience at most (then ErrNoAnswer).
func dial(ctx context.Context, at Place, patience time.Duration) (net.Conn, error) {
	deadline := time.Now().Add(patience)
	var d net.Dialer
	for {
		if err := privdir.Check(at.Socket, fs.ModeSocket); err != nil {
			return nil, fmt.Errorf("instance: %w", err) // never connect through a planted link
		}
		c, err := d.DialContext(ctx, "unix", at.Socket)
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		held, err := lockHeld(at.Lock)
		if err != nil {
			return nil, err
		}
		if !held {
			return nil, ErrNoWindow
		}
		if time.Now().After(deadline) {
			return nil, ErrNoAnswer
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond): // polling for the socket to appear
		}
	}
}

// lockHeld reports whether a window holds the lock at path. Taking it for a moment is
// the only portable way to know; a window that starts meanwhile finds it held and asks
// again (see Claim's callers).
func lockHeld(path string) (bool, error) {
	if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
		return false, nil // no window ever ran here
	}
	l := privdir.NewLock(path)
	got, err := l.TryLock()
	if err != nil {
		return false, fmt.Errorf("instance: %w", err)
	}
	if got {
		l.Unlock()
	}
	return !got, nil
}

// AskOrStart runs ask against the window that is open, or start when none is (ask
// returned ErrNoWindow). When start finds the place taken meanwhile (it returns ErrHeld:
// another start won the lock), ask runs again: the lock decides which start opens the
// window, and every other one reaches it.
func AskOrStart(ctx context.Context, ask, start func(ctx context.Context) error) error {
	for tries := 1; ; tries++ {
		err := ask(ctx)
		if !errors.Is(err, ErrNoWindow) {
			return err
		}
		err = start(ctx)
		if !errors.Is(err, ErrHeld) || tries == 5 {
			return err
		}
	}
}

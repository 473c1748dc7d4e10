package instance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// Window is the open window, as requests from other processes reach it. Its methods are
// called from the socket's goroutines, any number at once.
type Window interface {
	// Raise brings the window to the front; it returns early when ctx ends.
	Raise(ctx context.Context)
	// SignIn brings the window to the front and starts a sign-in there, or joins the one
	// under way (joined). wait returns how that sign-in ended, or ctx's error.
	SignIn(ctx context.Context) (joined bool, wait func(ctx context.Context) (Outcome, error))
}

// Instance is the place held by this process's window. Safe for concurrent use.
type Instance struct {
	at   Place
	lock *privdir.Lock
	ln   net.Listener
	log  *slog.Logger

	ctx    context.Context // ends at Close: the requests under way answer and return
	cancel context.CancelFunc
	conns  sync.WaitGroup
	once   sync.Once

	// requestWithin is how long a caller has to send its request once connected: an idle
	// peer is hung up on then. maxConns bounds the connections served at once; one more
	// is told the window is busy and closed, so that no storm of connections can use up
	// the window's file descriptors. Set by Claim (tests shorten them before Serve).
	requestWithin time.Duration
	maxConns      int
	active        atomic.Int32 // connections served now
}

// The limits of a window's socket (see Instance).
const (
	requestWithin = 5 * time.Second
	maxConns      = 64
)

// Claim takes the place for this process's window: its lock, then its socket (a socket
// file left by a window that died is removed: holding the lock proves nobody serves it).
// It fails with ErrHeld when another window holds the place. log receives the requests
// served; nil: nothing is logged.
func Claim(at Place, log *slog.Logger) (*Instance, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// The folder is made the user's alone (0700) whatever made it: nobody else may reach
	// the socket (on Windows its access control list does that). Nothing in it is used
	// through a link or when it is another user's (privdir).
	if err := privdir.Make(filepath.Dir(at.Socket)); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	l := privdir.NewLock(at.Lock)
	held, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	if !held {
		return nil, ErrHeld
	}
	if err := os.Remove(at.Socket); err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.Unlock()
		return nil, fmt.Errorf("instance: remove the old socket: %w", err)
	}
	ln, err := net.Listen("unix", at.Socket)
	if err != nil {
		l.Unlock()
		return nil, fmt.Errorf("instance: %w", err)
	}
	// Only the owner may connect (connecting needs write permission), besides the
	// folder's own protection.
	if err := privdir.Protect(at.Socket, fs.ModeSocket); err != nil {
		ln.Close()
		l.Unlock()
		return nil, fmt.Errorf("instance: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Instance{at: at, lock: l, ln: ln, log: log, ctx: ctx, cancel: cancel,
		requestWithin: requestWithin, maxConns: maxConns}, nil
}

// Serve answers the requests of other processes with w until Close, and returns nil then.
// An accept that fails (no file descriptor left: EMFILE, after a storm of connections) is
// tried again after a pause, 5 ms doubling to 1 s as net/http's Server does, so that the
// window answers again once the storm is over.
func (i *Instance) Serve(w Window) error {
	var pause time.Duration // after a failed accept; 0 while accepting
	busy := false           // refusing connections at the cap (logged once)
	for {
		c, err := i.ln.Accept()
		if err != nil {
			if i.ctx.Err() != nil {
				return nil
			}
			if pause == 0 {
				i.log.Warn("window cannot accept connections; trying again", "err", err)
			}
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			select {
			case <-i.ctx.Done():
				return nil
			case <-time.After(pause):
			}
			continue
		}
		if pause != 0 {
			i.log.Info("window accepts connections again")
			pause = 0
		}
		if int(i.active.Add(1)) > i.maxConns {
			i.active.Add(-1)
			if !busy {
				i.log.Warn("window busy: connections refused", "max", i.maxConns)
			}
			busy = true
			refuse(c)
			continue
		}
		busy = false
		i.conns.Add(1)
		go func() {
			defer i.conns.Done()
			defer i.active.Add(-1)
			i.serve(c, w)
		}()
	}
}

// refuse tells a caller that the window is busy and hangs up. The line fits in the
// socket's buffer, so the write does not wait on the caller (nor longer than a second).
func refuse(c net.Conn) {
	c.SetWriteDeadline(time.Now().Add(time.Second))
	b, _ := json.Marshal(reply{Busy: true})
	c.Write(append(b, '\n'))
	c.Close()
}

// serve answers one connection's request.
func (i *Instance) serve(c net.Conn, w Window) {
	defer c.Close()
	stop := context.AfterFunc(i.ctx, func() { c.SetReadDeadline(time.Now()) })
	defer stop()
	c.SetReadDeadline(time.Now().Add(i.requestWithin))
	r := bufio.NewReader(io.LimitReader(c, maxLine)) // a longer line ends in EOF: no request
	line, err := r.ReadBytes('\n')
	if err != nil {
		return // a caller that went away, or sent nothing in time
	}
	c.SetReadDeadline(time.Time{})
	enc := json.NewEncoder(c)
	var req request
	if err := json.Unmarshal(line, &req); err != nil || req.V != Version {
		i.log.Info("window request refused", "reason", "not understood")
		enc.Encode(reply{Error: "request not understood"})
		return
	}
	// A caller that hangs up ends its wait (a later read sees EOF).
	ctx, cancel := context.WithCancel(i.ctx)
	defer cancel()
	go func() {
		r.ReadByte() // nothing more is expected: EOF or an error means the caller left
		cancel()
	}()
	switch req.Op {
	case OpRaise:
		i.log.Info("window request", "op", OpRaise)
		w.Raise(ctx)
		enc.Encode(reply{Done: true})
	case OpLogin:
		joined, wait := w.SignIn(ctx)
		i.log.Info("window request", "op", OpLogin, "joined", joined)
		if enc.Encode(reply{Accepted: true, Joined: joined}) != nil {
			return
		}
		o, err := wait(ctx)
		if err != nil {
			return // the window is closing, or the caller left: hanging up says so
		}
		enc.Encode(reply{Done: true, Account: o.Account, Problem: o.Problem})
	default:
		i.log.Info("window request refused", "reason", "unknown op")
		enc.Encode(reply{Error: "unknown request"})
	}
}

// Close stops serving, lets the requests under way answer, and releases the place.
func (i *Instance) Close() error {
	var err error
	i.once.Do(func() {
		i.cancel()
		err = i.ln.Close() // removes the socket file
		i.conns.Wait()
		if uerr := i.lock.Unlock(); err == nil {
			err = uerr
		}
	})
	return err
}

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
	"time"

	"github.com/gofrs/flock"
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
	lock *flock.Flock
	ln   net.Listener
	log  *slog.Logger

	ctx    context.Context // ends at Close: the requests under way answer and return
	cancel context.CancelFunc
	conns  sync.WaitGroup
	once   sync.Once
}

// requestWithin is how long a caller has to send its request once connected.
const requestWithin = 5 * time.Second

// Claim takes the place for this process's window: its lock, then its socket (a socket
// file left by a window that died is removed: holding the lock proves nobody serves it).
// It fails with ErrHeld when another window holds the place. log receives the requests
// served; nil: nothing is logged.
func Claim(at Place, log *slog.Logger) (*Instance, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := filepath.Dir(at.Socket)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	if err := private(dir); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	l := flock.New(at.Lock, flock.SetFlag(os.O_RDWR|os.O_CREATE), flock.SetPermissions(0o600))
	held, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("instance: lock %s: %w", at.Lock, err)
	}
	if !held {
		l.Close()
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
	if err := protect(at.Socket); err != nil {
		ln.Close()
		l.Unlock()
		return nil, fmt.Errorf("instance: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Instance{at: at, lock: l, ln: ln, log: log, ctx: ctx, cancel: cancel}, nil
}

// Serve answers the requests of other processes with w until Close. It returns nil after
// Close.
func (i *Instance) Serve(w Window) error {
	for {
		c, err := i.ln.Accept()
		if err != nil {
			if i.ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("instance: accept: %w", err)
		}
		i.conns.Add(1)
		go func() {
			defer i.conns.Done()
			i.serve(c, w)
		}()
	}
}

// serve answers one connection's request.
func (i *Instance) serve(c net.Conn, w Window) {
	defer c.Close()
	stop := context.AfterFunc(i.ctx, func() { c.SetReadDeadline(time.Now()) })
	defer stop()
	c.SetReadDeadline(time.Now().Add(requestWithin))
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

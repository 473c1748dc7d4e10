// Package authflow runs one sign-in attempt: a fresh state, the parsing of the callback, the
// attempt's time limit, and either a one-shot loopback listener on the redirect URI or, when
// the window catches its own navigation to the redirect URI, no listener at all (Deliver).
package authflow

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure an attempt.
type Options struct {
	// RedirectURI is the loopback callback URL (validated by config.CheckRedirectURI).
	// Port 0 listens on a free port; RedirectURI() then gives the real one.
	RedirectURI string
	// NoListener opens no port: the caller catches the navigation to RedirectURI itself
	// (the window's webview) and hands it to Deliver. RedirectURI is then used as is.
	NoListener bool
	// ReturnURL is where the callback page sends the window afterwards (the app's own
	// origin). Empty: the page tells the person to return to the app (system browser).
	ReturnURL string
	// AppName is named on the callback page.
	AppName string
	// Timeout ends the attempt with ErrTimeout. Zero: no limit.
	Timeout time.Duration
	// Log receives a line for each request that was ignored on the callback path (never
	// its code or state). Nil: discarded.
	Log *slog.Logger

	idleTimeout time.Duration // how long a keep-alive connection may idle; zero: 5 s
}

// Result is a callback that carried a code for this attempt's state.
type Result struct {
	Code string
}

// Attempt is one sign-in attempt. Its methods are safe for concurrent use.
type Attempt struct {
	state       string
	redirectURI string
	path        string
	opts        Options
	srv         *http.Server // nil without a listener

	ignored atomic.Int64 // requests ignored on the callback path, for the log

	once   sync.Once // guards the single decision below
	done   chan struct{}
	result Result
	err    error
}

// Start makes a fresh state and starts listening on the redirect URI (unless
// opts.NoListener). The listener serves until the attempt is decided, cancelled, timed
// out, or ctx ends.
func Start(ctx context.Context, opts Options) (*Attempt, error) {
	u, err := url.Parse(opts.RedirectURI)
	if err != nil {
		return nil, fmt.Errorf("authflow: redirect URI: %w", err)
	}
	state, err := newState()
	if err != nil {
		return nil, err
	}
	a := &Attempt{
		state:       state,
		redirectURI: opts.RedirectURI, // the registered one, exactly
		path:        u.EscapedPath(),
		opts:        opts,
		done:        make(chan struct{}),
	}
	if opts.NoListener {
		go a.watch(ctx)
		return a, nil
	}
	lns, err := listen(ctx, u.Hostname(), u.Port())
	if err != nil {
		return nil, err
	}
	if u.Port() == "0" {
		u.Host = net.JoinHostPort(u.Hostname(), fmt.Sprint(lns[0].Addr().(*net.TCPAddr).Port))
	}
	a.redirectURI = u.String()
	idle := opts.idleTimeout
	if idle == 0 {
		idle = 5 * time.Second
	}
	a.srv = &http.Server{
		Handler:           a,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       idle, // a page cannot keep connections open for long
	}
	for _, ln := range lns {
		go a.srv.Serve(ln)
	}

	go a.watch(ctx)
	return a, nil
}

// watch ends the attempt when ctx ends or its time is up.
func (a *Attempt) watch(ctx context.Context) {
	var timeout <-chan time.Time
	if a.opts.Timeout > 0 {
		t := time.NewTimer(a.opts.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		a.decide(Result{}, ErrCancelled)
	case <-timeout:
		a.decide(Result{}, ErrTimeout)
	case <-a.done:
	}
}

// newState makes 256 random bits, URL-safe.
func newState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("authflow: random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// State is the attempt's state value, to be sent on the authorize URL.
func (a *Attempt) State() string { return a.state }

// RedirectURI is the callback URL this attempt listens on (with the real port), or, without
// a listener, the configured one.
func (a *Attempt) RedirectURI() string { return a.redirectURI }

// Done is closed when the attempt is decided.
func (a *Attempt) Done() <-chan struct{} { return a.done }

// Wait blocks until the attempt is decided and returns the code, or why there is none:
// a *CallbackError, ErrTimeout or ErrCancelled.
func (a *Attempt) Wait(ctx context.Context) (Result, error) {
	select {
	case <-a.done:
		return a.result, a.err
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Cancel ends the attempt with ErrCancelled (if it is not decided yet) and closes the
// listener, if any.
func (a *Attempt) Cancel() { a.decide(Result{}, ErrCancelled) }

// decide records the first outcome only and closes the listener. Later outcomes are
// ignored, so a code is used at most once.
func (a *Attempt) decide(r Result, err error) bool {
	first := false
	a.once.Do(func() {
		first = true
		a.result, a.err = r, err
		close(a.done)
		if a.srv == nil {
			return
		}
		// Shutdown waits for the response being written, then closes the listener.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if a.srv.Shutdown(ctx) != nil {
				a.srv.Close()
			}
		}()
	})
	return first
}

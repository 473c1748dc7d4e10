package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// signInLatency signs in n times (after warm sign-ins that are not counted) with a
// Manager on the real keyring, and times each from the callback request to the
// SignedIn status: the code exchange, the user call and the keyring write.
func (w *world) signInLatency(ctx context.Context, warm, n int) ([]time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan statusEvent, 64)
	m := w.manager(ctx, nil, events)
	p := &fakeatomgit.Browser{}
	plain := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var out []time.Duration
	for i := range warm + n {
		start, err := m.BeginSignIn(nil)
		if err != nil {
			return nil, err
		}
		callback, err := p.CallbackURL(ctx, start.URL)
		if err != nil {
			return nil, fmt.Errorf("sign-in %d: %w", i+1, err)
		}
		for len(events) > 0 { // the statuses of the attempt so far
			<-events
		}
		t0 := time.Now()
		resp, err := plain.Get(callback)
		if err != nil {
			return nil, fmt.Errorf("sign-in %d: callback: %w", i+1, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t1, err := waitStateAt(ctx, events, session.SignedIn, 30*time.Second)
		if err != nil {
			return nil, fmt.Errorf("sign-in %d: %w (status %+v)", i+1, err, m.Status())
		}
		if st := m.Status(); st.Storage != session.InKeyring {
			return nil, fmt.Errorf("sign-in %d: not written to the keyring: %+v", i+1, st.StorageProblem)
		}
		if i >= warm {
			out = append(out, t1.Sub(t0))
		}
	}
	return out, nil
}

// contention is one round of many concurrent Token calls at expiry.
type contention struct {
	refreshes int
	latency   []time.Duration
}

// tokenContention runs rounds of callers concurrent Manager.Token calls, each round on a
// fresh Manager whose stored token has just become due (its clock is moved past the
// refresh time), and counts the refresh requests the fake server saw.
func (w *world) tokenContention(ctx context.Context, rounds, callers int) ([]contention, error) {
	var out []contention
	for range rounds {
		if _, err := w.storeDue(ctx, false); err != nil {
			return nil, err
		}
		var offset atomic.Int64
		now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		mctx, cancel := context.WithCancel(ctx)
		m := w.manager(mctx, now, nil)
		if st := m.Status(); st.State != session.SignedIn {
			cancel()
			return nil, fmt.Errorf("contention: state %s before expiry", st.State)
		}
		offset.Store(int64(15 * time.Minute)) // past the refresh time (now+12 min)
		before := w.srv.Stats().Refreshes
		var wg sync.WaitGroup
		lat := make([]time.Duration, callers)
		errs := make([]error, callers)
		gate := make(chan struct{})
		for i := range callers {
			wg.Go(func() {
				<-gate
				t0 := time.Now()
				_, errs[i] = m.Token(ctx)
				lat[i] = time.Since(t0)
			})
		}
		close(gate)
		wg.Wait()
		cancel()
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("contention: %w", err)
		}
		out = append(out, contention{refreshes: w.srv.Stats().Refreshes - before, latency: lat})
	}
	return out, nil
}

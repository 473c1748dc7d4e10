package window

import (
	"context"
	"errors"

	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Serve takes the window's place for its realm and answers the other starts (the program
// started again, `atomgit-login login`) until stop is called (after the window has
// closed: the requests under way answer first). It fails with instance.ErrHeld when
// another window holds the place: the commands then ask that window instead. A place that
// cannot be had for another reason is logged, and the window opens without it.
func (c *Controller) Serve() (stop func(), err error) {
	c.mu.Lock()
	env, log := c.env, c.log
	c.mu.Unlock()
	at, err := env.WindowPlace()
	if err != nil {
		return nil, err
	}
	inst, err := instance.Claim(at, log)
	switch {
	case errors.Is(err, instance.ErrHeld):
		return nil, err
	case err != nil:
		log.Warn("other starts cannot reach this window", "err", err)
		return func() {}, nil
	}
	go func() {
		if err := inst.Serve(remote{c}); err != nil {
			log.Warn("other starts cannot reach this window any more", "err", err)
		}
	}()
	return func() { inst.Close() }, nil
}

// remote is the window as other processes reach it (instance.Window): the program
// started again, and `atomgit-login login`.
type remote struct{ c *Controller }

var _ instance.Window = remote{}

// Raise brings the window to the front, once it is there.
func (r remote) Raise(ctx context.Context) {
	select {
	case <-r.c.ready:
		r.c.view().win.Raise()
	case <-ctx.Done():
	}
}

// SignIn joins the sign-in under way, or starts one as the window's own sign-in button
// does (with the window's own settings); when the window is signed in already, the
// answer is that account, as for a new window opened by `atomgit-login login`.
func (r remote) SignIn(ctx context.Context) (bool, func(context.Context) (instance.Outcome, error)) {
	select {
	case <-r.c.ready:
	case <-ctx.Done():
		return false, func(ctx context.Context) (instance.Outcome, error) { return instance.Outcome{}, ctx.Err() }
	}
	v := r.c.view()
	if p := v.m.Pending(); p != nil {
		v.win.Raise()
		return true, waitFor(p)
	}
	if st := v.m.Status(); st.State == session.SignedIn && st.Account != nil {
		return false, outcome(instance.Outcome{Account: st.Account})
	}
	v.win.Raise()
	start, err := r.c.SignIn()
	if err != nil {
		return false, outcome(instance.Outcome{Problem: whyNoSignIn(v.m.Status())})
	}
	if start.URL != "" {
		v.win.Navigate(start.URL)
	}
	if p := v.m.Pending(); p != nil {
		return false, waitFor(p)
	}
	st := v.m.Status() // it has ended already
	return false, outcome(instance.Outcome{Account: st.Account, Problem: st.Error})
}

// waitFor waits for the end of the pending sign-in p.
func waitFor(p *session.Pending) func(context.Context) (instance.Outcome, error) {
	return func(ctx context.Context) (instance.Outcome, error) {
		a, problem, err := p.Wait(ctx)
		return instance.Outcome{Account: a, Problem: problem}, err
	}
}

// outcome is a wait that is over before it begins.
func outcome(o instance.Outcome) func(context.Context) (instance.Outcome, error) {
	return func(context.Context) (instance.Outcome, error) { return o, nil }
}

// whyNoSignIn is why a sign-in could not start, from the status it left: the problem it
// shows, or what the window shows instead of a sign-in button. Anything else is the
// generic problem: an internal error's words never reach the terminal.
func whyNoSignIn(st session.Status) *session.Problem {
	switch {
	case st.State == session.Failed && st.Error != nil:
		return st.Error
	case st.State == session.Unconfigured:
		return &session.Problem{Code: session.CodeInternal, Detail: "no OAuth app is set up; the window shows how to set one up, or to try the demo"}
	}
	return &session.Problem{Code: session.CodeInternal}
}

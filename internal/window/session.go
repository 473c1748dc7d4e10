package window

import (
	"context"
	"net/http"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// view is what a call works on: the session the window shows, and its world.
type view struct {
	ctx context.Context
	win desktop.Window
	env *wiring.Env
	m   *wiring.Session
}

// view waits for startup, then reads the fields a call needs.
func (c *Controller) view() view {
	<-c.ready
	c.mu.Lock()
	defer c.mu.Unlock()
	return view{ctx: c.ctx, win: c.win, env: c.env, m: c.m}
}

// feed is one session's stream of status events.
type feed struct {
	n    uint64        // the session's number
	last session.State // the state it emitted last; guarded by Controller.mu
	// shown is the login of the account the window shows ("" for none), as of the last
	// status outside a sign-in attempt; guarded by Controller.mu.
	shown string
}

// openSession opens a session over env and makes it the one the window shows; the one it
// replaces is closed, and its status events are dropped from then on. The caller holds
// c.opening. c.mu is not held while the session opens (it emits its first status then),
// nor while the old one closes.
func (c *Controller) openSession(ctx context.Context, env *wiring.Env) error {
	c.mu.Lock()
	c.opened++
	f := &feed{n: c.opened}
	win := c.win
	c.mu.Unlock()
	ctx, stop := context.WithCancel(ctx) // the session's life: ends when it is replaced
	o := wiring.SessionOptions{
		OnStatus:  func(s session.Status) { c.emit(f, s) },
		ReturnURL: returnURL,
		Wait:      time.Second,
		Follow:    true, // a sign-in, sign-out or switch by the commands shows here
		Catcher:   win,  // a sign-in in the window takes the redirect there when it can
	}
	m, err := c.open(ctx, env, o)
	if err != nil {
		stop()
		return err
	}
	c.mu.Lock()
	old, oldStop := c.m, c.stop
	c.env, c.m, c.stop, c.current = env, m, stop, f.n
	c.mu.Unlock()
	if old != nil {
		oldStop()
		old.Close()
	}
	return nil
}

// emit sends a session's status to the window. The Manager calls it with its own lock
// held, so it only takes c.mu, which no one holds across anything slow; the window's Emit
// queues the event.
func (c *Controller) emit(f *feed, s session.Status) {
	c.mu.Lock()
	if f.n < c.current { // a replaced session
		c.mu.Unlock()
		return
	}
	win, last, auto := c.win, f.last, c.env.AutoSignIn
	f.last = s.State
	end := f.webSessionEnds(s, last)
	c.mu.Unlock()
	code := ""
	if s.Error != nil {
		code = s.Error.Code
	}
	c.log.Info("status", "state", s.State, "problem", code, "storage", s.Storage)
	if win == nil {
		return
	}
	if end {
		c.log.Info("web session ended", "why", "the account shown changed")
		win.EndWebSessions() // returns at once: the clearing runs on the UI thread
	}
	win.Emit(StatusEvent, s)
	if s.State == session.SignedIn && last == session.Finishing {
		// Not under the Manager's lock, which holds while emitting: the runtime may wait for
		// GTK's main loop.
		go win.Raise() // after a sign-in in the browser, the person comes back here
		if auto && s.StorageProblem == nil {
			go win.Quit() // `atomgit-login login` is done
		} // else the sign-in lives only in this window: it stays open and shows why
	}
}

// webSessionEnds reports whether s, which follows a status in state last, ends AtomGit's
// web session in the window, and notes the account s shows. The web session goes with
// the account shown: it ends when that account stops being shown — signed out, or another
// account made active — by this window (its Sign out, its Switch) or by any other process
// (`logout`, `switch`, a sign-in in a terminal), as the window's own sign-out always
// ended it; a sign-in in the window is what starts one, and it keeps it. While a sign-in
// attempt is under way the window may show AtomGit's login page: nothing ends then, and
// the attempt's end decides. The caller holds Controller.mu.
func (f *feed) webSessionEnds(s session.Status, last session.State) bool {
	switch s.State {
	case session.Opening, session.Waiting, session.Finishing:
		return false
	}
	shown := ""
	if s.Account != nil {
		shown = s.Account.Login
	}
	was := f.shown
	f.shown = shown
	return was != "" && was != shown && last != session.Finishing
}

// Boot is the first screen's data, inlined into the page (internal/bootpage): what Info
// and Status return, nothing more, so never a token, code or secret.
type Boot struct {
	Info   Info           `json:"info"`
	Status session.Status `json:"status"`
}

// bootWait bounds how long the page waits for the session to open before it comes
// without its data (the page then asks the bindings). Opening gives up on a slow keyring
// after SessionOptions.Wait and reports keyring_wait, so this is only a backstop.
const bootWait = 3 * time.Second

// boot is the data of the page's first screen, once the session is open; ok is false
// when it does not open in time, or the page's request ends first.
func (c *Controller) boot(r *http.Request) (v any, ok bool) {
	t := time.NewTimer(bootWait)
	defer t.Stop()
	select {
	case <-c.ready:
	case <-r.Context().Done():
		return nil, false
	case <-t.C:
		return nil, false
	}
	b := Boot{Info: c.Info(), Status: c.Status()}
	c.clock.Mark("served")
	c.log.Info("page served", "state", b.Status.State)
	return b, true
}

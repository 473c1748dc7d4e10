package auth

import (
	"context"
	"sync"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// Session is the session of one OAuth app on its AtomGit host, shared with atomgit-login
// and every other program that opens it: the same keyring entry, realm lock and change
// signal. It follows what the others do (a refresh, a sign-out, a switch of account, a
// sign-in in the window) as they do it. All its methods are safe for concurrent use.
type Session struct {
	cfg     Config
	cc      *config.Config
	env     *wiring.Env
	m       *wiring.Session
	stop    context.CancelFunc // ends the Manager's context
	origins map[string]bool    // where the client sends the token (Config.APIOrigins)
	signal  string             // the realm's change file ("" when none is watched)
	done    chan struct{}      // closed by Close
	once    sync.Once          // Close's
	watches sync.WaitGroup     // the Watch goroutines

	syncMu sync.Mutex // guards seen; held while the session catches up with the store
	seen   string     // the change file's word when the session last caught up

	mu         sync.Mutex // guards the fields below
	closed     bool
	last       session.Status // the Manager's last status
	elsewhere  bool           // the session was signed out by another program
	signingOut int            // SignOuts of this Session under way
	watchers   map[chan struct{}]bool
}

// statusNone is the status of a session that is not open.
var statusNone session.Status

// Open opens the session of c's OAuth app on its host: it reads what is stored (waiting,
// when the system keyring asks the person to unlock it, for as long as ctx allows), and
// follows what other programs store from then on, until Close. Nobody signed in is no
// error: Token then says ErrNotSignedIn, and SignIn signs in. A Config that is not right
// is an *Error with ErrMisconfigured that names the field.
func Open(ctx context.Context, c Config) (*Session, error) {
	cc, err := c.settings()
	if err != nil {
		return nil, err
	}
	origins, err := c.origins(cc)
	if err != nil {
		return nil, err
	}
	s := &Session{cfg: c, cc: cc, origins: origins, done: make(chan struct{}), watchers: map[chan struct{}]bool{},
		env: &wiring.Env{Config: cc, Store: wiring.NewStore(cc), User: c.Account}}
	k, err := s.env.Keeper()
	if err != nil {
		return nil, fail(err, statusNone, false)
	}
	if sig, ok := k.Signal.(session.FileSignal); ok {
		s.signal = sig.Path
		s.seen = s.word() // before the first read: a write after it is caught up with
	}
	life, stop := context.WithCancel(context.WithoutCancel(ctx))
	opening := context.AfterFunc(ctx, stop) // an Open given up ends what it started
	m, err := s.env.Open(life, wiring.SessionOptions{OnStatus: s.changed, Follow: true, Now: c.now})
	opening()
	if err == nil && ctx.Err() != nil {
		stop()
		m.Close()
		return nil, ctx.Err()
	}
	if err != nil {
		stop()
		return nil, fail(err, statusNone, false)
	}
	s.m, s.stop = m, stop
	return s, nil
}

// Close ends the session in this program, and returns once nothing of it runs any more:
// no refresh, no follow of other programs, no Watch function. What is stored stays: the
// person is still signed in for the other programs, and for the next Open. Calls after
// Close fail. It may be called more than once.
func (s *Session) Close() error {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.done)
		s.stop()
		s.m.Close()
		s.watches.Wait()
	})
	return nil
}

// isClosed reports whether Close has been called.
func (s *Session) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// changed is the Manager's report of a new status. It runs with the Manager's lock held:
// it must not call the Manager.
func (s *Session) changed(st session.Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case st.Account != nil:
		s.elsewhere = false
	case s.last.Account != nil && s.signingOut == 0:
		s.elsewhere = true // nobody here signed it out
	}
	s.last = st
	for w := range s.watchers {
		select {
		case w <- struct{}{}:
		default: // a call is due already: it reads this change too
		}
	}
}

// Status is the session's status now.
func (s *Session) Status() Status {
	st := s.m.Status()
	s.mu.Lock()
	elsewhere := s.elsewhere
	s.mu.Unlock()
	return statusOf(st, elsewhere)
}

// Watch calls f with the status after each change, whoever made it: a refresh here or
// in another program, a sign-out, a switch of account, a sign-in in atomgit-login's
// window. Changes that come while f runs are folded into one more call. It returns once
// watching has begun; the calls end when ctx ends or the session is closed, and none is
// made after Close has returned. f runs on a goroutine of its own, and must not call
// Close.
func (s *Session) Watch(ctx context.Context, f func(Status)) {
	w := make(chan struct{}, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.watchers[w] = true
	s.watches.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.watches.Done()
		defer func() {
			s.mu.Lock()
			delete(s.watchers, w)
			s.mu.Unlock()
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.done:
				return
			case <-w:
				select {
				case <-s.done:
					return
				default:
				}
				f(s.Status())
			}
		}
	}()
}

// SignOut signs the session's account out, for every program: its tokens are deleted
// from the store (another signed-in account, if any, becomes the active one). It needs
// no network. A refresh under way anywhere ends first, so that nothing it writes brings
// the session back.
func (s *Session) SignOut(ctx context.Context) error {
	if s.isClosed() {
		return errClosed
	}
	s.mu.Lock()
	s.signingOut++
	s.mu.Unlock()
	err := s.m.SignOut(ctx)
	s.mu.Lock()
	s.signingOut--
	s.elsewhere = false
	s.mu.Unlock()
	return s.fail(err)
}

// fail is the package's error for err, with the session's status now.
func (s *Session) fail(err error) error {
	if err == nil {
		return nil
	}
	st := s.m.Status()
	s.mu.Lock()
	elsewhere := s.elsewhere
	s.mu.Unlock()
	return fail(err, st, elsewhere)
}

// catchUp adopts what is stored when another program has written it since the session
// last looked (the change file's word differs): so that a call right after a `logout`
// elsewhere has ended sees it, whether or not the follow has got to it; and it reads
// again a store that could not be read before. A read that fails changes nothing: the
// call goes on with what the session has.
func (s *Session) catchUp(ctx context.Context) {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	word := s.word()
	st := s.m.Status()
	if word == s.seen && (st.Account != nil || st.StorageProblem == nil) {
		return
	}
	if s.m.Sync(ctx) == nil {
		s.seen = word
	}
}

// word is the change file's content now ("" when there is none to read).
func (s *Session) word() string {
	if s.signal == "" {
		return ""
	}
	b, _ := privdir.ReadFile(s.signal)
	return string(b)
}

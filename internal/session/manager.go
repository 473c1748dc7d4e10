package session

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// Options configure a Manager.
type Options struct {
	// Client is the OAuth app on its server. Its RedirectURI is the configured callback;
	// each attempt uses the address it really listens on.
	Client atomgit.Client
	// Keeper owns what is stored for the realm: every write goes through it. A nil Lock
	// gets a LocalLock (no other process shares the store); a Keeper without a store
	// keeps Vault's realm.
	Keeper Keeper
	// Vault is the entry this Manager keeps signed in: the zero Vault means the Keeper's
	// active account (new sign-ins park the account they replace); a parked account's
	// vault pins that account (--user).
	Vault Vault
	// Pin, when set, is the only account this Manager uses (--user): another account in
	// Vault (after a switch elsewhere) counts as nobody signed in.
	Pin string
	// Follow keeps the Manager in step with the Keeper's Signal: a write anywhere (a
	// sign-out, a switch, another process's refresh) shows here at once.
	Follow bool
	// Storage names where the Keeper keeps the tokens: InKeyring (the default) or InFile.
	Storage Storage
	// ReturnURL is where the callback page sends the window (the app's origin); empty when
	// the authorize page opens in the system browser.
	ReturnURL string
	// AppName is named on the callback page.
	AppName string
	// SignInTimeout limits one attempt.
	SignInTimeout time.Duration
	// RedirectSetting names the redirect URI setting in messages.
	RedirectSetting string
	// SettingName names a setting, by its config key, as the person gave it (a variable, a
	// flag, the config file's key), for a problem of the app's settings
	// (CodeClientRefused); nil: the key.
	SettingName func(key string) string
	// Configured is false when there is no OAuth app: only the demo can sign in.
	Configured bool
	// Demo marks a session against the built-in demo server.
	Demo bool
	// OnStatus receives every change. It runs with the Manager's lock held: it must not
	// call back into the Manager, and should not block.
	OnStatus func(Status)
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Log receives what a sign-in attempt ignores (requests on the callback that do not
	// decide it) and which way each attempt receives its callback; nil: nothing is logged.
	Log *slog.Logger
	// Catcher is the window's catcher of its own navigations, for sign-ins in the window
	// (BeginSignIn); nil, or one that cannot catch, leaves them to the loopback listener.
	Catcher NavigationCatcher
}

// NavigationCatcher is a window that can see its navigations before any request leaves.
type NavigationCatcher interface {
	// CatchNavigation hands every navigation in the window to deliver until stop is
	// called and the window shows the app's own page again; a navigation that deliver
	// reports as taken does not happen. Until the app's page is back, the page the window
	// shows (AtomGit's) may go on navigating its frames to the redirect URI: deliver,
	// an attempt's, takes and refuses those after the attempt has ended, so that none
	// reaches whoever listens on the redirect port by then. deliver must return quickly:
	// it may run on the window's UI thread. ok is false when the window cannot catch
	// navigations (then stop is nil).
	CatchNavigation(deliver func(url string) bool) (stop func(), ok bool)
}

// Manager keeps one account signed in. All methods are safe for concurrent use.
//
// Locking: m.mu guards the fields; the Keeper's lock guards the store. The Manager never
// calls the Keeper (or the keyring) with m.mu held.
type Manager struct {
	opts   Options
	keeper Keeper // opts.Keeper, its store seen through keyringCall
	vault  Vault  // the entry followed, through keyringCall
	active bool   // vault is the realm's active account
	now    func() time.Time
	after  func(time.Duration, func()) (stop func() bool) // the refresh timer's clock
	// slowAfter starts the timer of a keyring call's "waiting for the keyring" notice.
	slowAfter func(time.Duration, func()) (stop func() bool)
	ctx       context.Context // the Manager's lifetime, from Run
	work      sync.WaitGroup  // what runs in the background (inBackground), for Wait
	end       chan struct{}   // closed once Run's context has ended and ended is set
	// watched is closed when the watch of the Keeper's Signal has ended (nil: no watch).
	watched <-chan struct{}

	mu          sync.Mutex // guards the fields below
	state       State
	host        string
	rec         *Record // the session in memory; nil when signed out
	witness     string  // what this Manager last saw stored (Witness); rec may be newer
	gen         int     // bumped whenever rec or witness change, so a slow read can tell it is stale
	storage     Storage
	storageErr  *Problem
	problem     *Problem
	attempt     *authflow.Attempt
	pending     *Pending // the sign-in under way, across the attempts that replace each other
	flight      *flight  // the refresh under way, if any
	retryAt     time.Time
	failures    int       // refresh failures in a row, for backoff
	unsaved     bool      // rec is newer than the store: retry the write
	saveAt      time.Time // when to retry the write
	keyringWait int       // keyring calls that have been slow
	writing     int       // sign-outs of this Manager under way: what is stored is about to change
	syncFails   int       // reads of a sync that failed in a row, for its backoff
	shortNoted  bool      // the log has said that AtomGit's tokens expire too soon
	stopTimer   func() bool
	ended       bool   // Run's context has ended: nothing more starts in the background
	timerGen    uint64 // counts scheduleLocked's timers: only the latest acts
}

// New returns a Manager; Run starts it.
func New(opts Options) *Manager {
	m := &Manager{opts: opts, now: opts.Now, ctx: context.Background(), end: make(chan struct{}), state: SignedOut, storage: Nowhere}
	if m.now == nil {
		m.now = time.Now
	}
	if m.opts.Storage == "" {
		m.opts.Storage = InKeyring
	}
	if m.opts.Keeper.Accounts.Store == nil { // one vault given: the realm is its
		v := m.opts.Vault
		m.opts.Keeper.Accounts = Accounts{Store: v.Store, Service: v.Service, Realm: v.Key}
	}
	if m.opts.Keeper.Lock == nil {
		m.opts.Keeper.Lock = NewLocalLock()
	}
	m.keeper = m.opts.Keeper
	m.keeper.Accounts.Store = slowStore{Store: m.keeper.Accounts.Store, m: m}
	m.vault = m.keeper.Accounts.Active()
	m.active = opts.Vault == (Vault{}) || m.opts.Keeper.isActive(opts.Vault)
	if !m.active {
		m.vault = opts.Vault
		m.vault.Store = m.keeper.Accounts.Store
	}
	m.after = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	m.slowAfter = m.after
	if !opts.Configured {
		m.state = Unconfigured
	}
	return m
}

// loadTimeout is how long the first read of the store, or a sync's read, may take: a
// person may be typing a keyring password.
const loadTimeout = keyring.DefaultTimeout

// Run loads the stored session and keeps it fresh until ctx ends. It returns once the
// stored session is known, or after wait if the keyring is slow (the state then says so
// and loading goes on).
func (m *Manager) Run(ctx context.Context, wait time.Duration) {
	m.mu.Lock()
	m.ctx = ctx
	m.mu.Unlock()
	if m.opts.Follow && m.keeper.Signal != nil {
		// Before the first read, so that no change after it is missed.
		watched, err := m.keeper.Signal.Watch(ctx, m.inBackground(m.sync))
		if err != nil && m.opts.Log != nil {
			m.opts.Log.Warn("changes made by other processes will show only after a restart", "err", err)
		}
		m.mu.Lock()
		m.watched = watched
		m.mu.Unlock()
	}
	context.AfterFunc(ctx, func() { // no goroutine until ctx ends
		m.mu.Lock()
		m.ended = true
		if m.stopTimer != nil {
			m.stopTimer()
		}
		m.mu.Unlock()
		close(m.end)
	})
	if wait >= loadTimeout {
		// load gives up by then itself, so waiting for it is running it here, with no
		// goroutine to hand over to and back: the commands, ~0.1 ms of a `token`
		// (docs/benchmarks.md).
		m.load(ctx)
		return
	}
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		m.inBackground(func() { m.load(ctx) })()
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-loaded:
	case <-t.C:
	}
}

// load reads the stored record and decides the first state.
func (m *Manager) load(ctx context.Context) {
	lctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	m.mu.Lock()
	gen := m.gen
	m.mu.Unlock()
	rec, err := m.vault.Load(lctx)
	if err == nil && m.mine(rec) == nil {
		rec, err = nil, ErrNoRecord
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case gen != m.gen: // a sign-in, a sign-out or a follow got here first, and is newer
	case errors.Is(err, ErrNoRecord):
		m.storage = m.opts.Storage
	case err != nil:
		m.storageErr = problemOf(err, m.opts.RedirectSetting)
	default:
		m.adoptStoredLocked(rec)
	}
	m.emitLocked()
	m.scheduleLocked()
}

// adoptStoredLocked makes what is stored the session (nil: signed out), dropping what
// this Manager held. During a sign-in attempt the state stays the attempt's.
func (m *Manager) adoptStoredLocked(rec *Record) {
	m.setRecLocked(rec, Witness(rec))
	m.failures, m.unsaved = 0, false
	m.storage, m.storageErr = m.opts.Storage, nil
	if m.signingInLocked() {
		return
	}
	if rec == nil {
		m.state, m.problem = SignedOut, nil
		if !m.opts.Configured {
			m.state = Unconfigured
		}
		return
	}
	m.stateFromLocked(rec)
}

// stateFromLocked picks the state that rec's expiries allow. A token whose lifetime is
// shorter than the floor is used until it expires; then the session is offline until the
// floor lets it be refreshed; either way the problem says why.
func (m *Manager) stateFromLocked(rec *Record) {
	now := m.now()
	switch end := floorEnd(rec, now); {
	case rec.Refused:
		m.state, m.problem = Reauth, &Problem{Code: CodeInvalidGrant, Detail: "AtomGit refused the sign-in (revoked or expired)"}
	case !rec.Token.RefreshExpiry.IsZero() && !now.Before(rec.Token.RefreshExpiry) && !rec.Token.Valid(now):
		m.state, m.problem = Reauth, &Problem{Code: CodeInvalidGrant, Detail: "the sign-in has expired"}
	case rec.Token.Valid(now):
		m.state, m.problem = SignedIn, nil
	case now.Before(end):
		m.state, m.problem, m.retryAt = Offline, nil, end
	default:
		m.state, m.problem = Refreshing, nil // the timer refreshes at once
	}
	m.noteShortLocked(rec)
	if (m.state == SignedIn || m.state == Offline) && shortLived(rec) {
		m.problem = shortProblem(rec)
	}
}

// signingInLocked reports whether a sign-in attempt is under way: its states are its own.
func (m *Manager) signingInLocked() bool { return m.attempt != nil || m.state == Finishing }

// mine is rec if this Manager may use it: nil when it is another account than the pinned
// one.
func (m *Manager) mine(rec *Record) *Record {
	if rec == nil || (m.opts.Pin != "" && rec.Account.Login != m.opts.Pin) {
		return nil
	}
	return rec
}

// setRecLocked replaces the session in memory and what is known to be stored.
func (m *Manager) setRecLocked(rec *Record, witness string) {
	m.rec, m.witness = rec, witness
	m.gen++
}

// sync adopts what is stored when it is not what this Manager last saw: another process
// (or window) signed in, out, switched or refreshed. The Keeper's signal calls it.
func (m *Manager) sync() {
	ctx, cancel := context.WithTimeout(m.ctx, loadTimeout)
	defer cancel()
	if err := m.syncOnce(ctx); err != nil && ctx.Err() == nil {
		m.syncLater() // the store cannot say now (locked?): keep what is shown, ask again
	}
}

// syncLater runs sync again after a failed read, backing off from 2 s to 5 minutes, so
// that a change signalled while the keyring could not be read is not lost.
func (m *Manager) syncLater() {
	m.mu.Lock()
	m.syncFails++
	d := min(2*time.Second<<min(m.syncFails-1, 8), 5*time.Minute)
	m.mu.Unlock()
	if m.ctx.Err() == nil {
		time.AfterFunc(d, m.inBackground(m.sync))
	}
}

// Status is the current status.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statusLocked()
}

func (m *Manager) statusLocked() Status {
	s := Status{State: m.state, Host: m.host, Storage: m.storage, StorageProblem: m.storageErr, Error: m.named(m.problem), Demo: m.opts.Demo}
	if m.keyringWait > 0 {
		s.State = KeyringWait
	}
	if m.rec != nil {
		a := m.rec.Account
		s.Account = &a
		s.ExpiresAt = timePtr(m.rec.Token.Expiry)
		s.ExpiryAssumed = m.rec.Token.ExpiryAssumed
		s.RefreshExpiresAt = timePtr(m.rec.Token.RefreshExpiry)
		s.RefreshedAt = timePtr(m.rec.RefreshedAt)
	}
	if m.state == Offline {
		s.RetryAt = timePtr(m.retryAt)
	}
	return s
}

// named is p with the setting it is about named as the person gave it, when it names one
// by its key.
func (m *Manager) named(p *Problem) *Problem {
	if p == nil || p.Key == "" || p.Setting != "" {
		return p
	}
	n := *p
	n.Setting = p.Key
	if m.opts.SettingName != nil {
		n.Setting = m.opts.SettingName(p.Key)
	}
	return &n
}

func (m *Manager) emitLocked() {
	if m.opts.OnStatus != nil {
		m.opts.OnStatus(m.statusLocked())
	}
}

// setStorageLocked records where the session is kept after a write.
func (m *Manager) setStorageLocked(writeErr error) {
	if writeErr != nil {
		m.storage, m.storageErr, m.unsaved = InMemory, problemOf(writeErr, ""), true
		m.saveAt = m.now().Add(saveRetry)
		return
	}
	m.storage, m.storageErr, m.unsaved = m.opts.Storage, nil, false
}

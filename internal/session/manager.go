package session

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
)

// Options configure a Manager.
type Options struct {
	// Client is the OAuth app on its server. Its RedirectURI is the configured callback;
	// each attempt uses the address it really listens on.
	Client atomgit.Client
	// Vault is where the record is kept.
	Vault Vault
	// Accounts, when set, keeps other accounts of the realm when a new one signs in; its
	// Active vault must be Vault.
	Accounts *Accounts
	// Storage names where Vault keeps the tokens: InKeyring (the default) or InFile.
	Storage Storage
	// Lock serialises refreshes across processes sharing the Vault; nil: this process only.
	Lock Locker
	// ReturnURL is where the callback page sends the window (the app's origin); empty when
	// the authorize page opens in the system browser.
	ReturnURL string
	// AppName is named on the callback page.
	AppName string
	// SignInTimeout limits one attempt.
	SignInTimeout time.Duration
	// RedirectSetting names the redirect URI setting in messages.
	RedirectSetting string
	// Configured is false when there is no OAuth app: only the demo can sign in.
	Configured bool
	// Demo marks a session against the built-in demo server.
	Demo bool
	// OnStatus receives every change. It runs with the Manager's lock held: it must not
	// call back into the Manager, and should not block.
	OnStatus func(Status)
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Start is what the UI needs to open an attempt's authorize page.
type Start struct {
	Host string `json:"host"`
	URL  string `json:"url"`
}

// Manager keeps one account signed in. All methods are safe for concurrent use.
type Manager struct {
	opts  Options
	now   func() time.Time
	after func(time.Duration, func()) (stop func() bool)
	ctx   context.Context // the Manager's lifetime, from Run

	mu          sync.Mutex // guards the fields below
	state       State
	host        string
	rec         *Record // the session in memory; nil when signed out
	storage     Storage
	storageErr  *Problem
	problem     *Problem
	attempt     *authflow.Attempt
	flight      *flight // the refresh under way, if any
	retryAt     time.Time
	failures    int       // refresh failures in a row, for backoff
	unsaved     bool      // rec is newer than the keyring: retry the write
	saveAt      time.Time // when to retry the write
	keyringWait int       // keyring calls that have been slow
	stopTimer   func() bool
}

// New returns a Manager; Run starts it.
func New(opts Options) *Manager {
	m := &Manager{opts: opts, now: opts.Now, ctx: context.Background(), state: SignedOut, storage: Nowhere}
	if m.now == nil {
		m.now = time.Now
	}
	if m.opts.Storage == "" {
		m.opts.Storage = InKeyring
	}
	m.after = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	if !opts.Configured {
		m.state = Unconfigured
	}
	return m
}

// Run loads the stored session and keeps it fresh until ctx ends. It returns once the
// stored session is known, or after wait if the keyring is slow (the state then says so
// and loading goes on).
func (m *Manager) Run(ctx context.Context, wait time.Duration) {
	m.mu.Lock()
	m.ctx = ctx
	m.mu.Unlock()
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		m.load(ctx)
	}()
	go func() {
		<-ctx.Done()
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.stopTimer != nil {
			m.stopTimer()
		}
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
	lctx, cancel := context.WithTimeout(ctx, 2*time.Minute) // a person may be typing a keyring password
	defer cancel()
	var rec *Record
	err := m.keyringCall(func() (err error) { rec, err = m.opts.Vault.Load(lctx); return err })
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case errors.Is(err, ErrNoRecord):
		m.storage = m.opts.Storage
	case err != nil:
		m.storageErr = problemOf(err, m.opts.RedirectSetting)
	default:
		m.storage = m.opts.Storage
		m.adoptLocked(rec)
	}
	m.emitLocked()
	if m.rec != nil {
		m.scheduleLocked()
	}
}

// adoptLocked makes rec the session and picks the state its expiries allow.
func (m *Manager) adoptLocked(rec *Record) {
	m.rec = rec
	now := m.now()
	switch {
	case !rec.Token.RefreshExpiry.IsZero() && !now.Before(rec.Token.RefreshExpiry) && !rec.Token.Valid(now):
		m.state, m.problem = Reauth, &Problem{Code: CodeInvalidGrant, Detail: "the sign-in has expired"}
	case rec.Token.Valid(now):
		m.state, m.problem = SignedIn, nil
	default:
		m.state, m.problem = Refreshing, nil // the timer refreshes at once
	}
}

// Status is the current status.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statusLocked()
}

func (m *Manager) statusLocked() Status {
	s := Status{State: m.state, Host: m.host, Storage: m.storage, StorageProblem: m.storageErr, Error: m.problem, Demo: m.opts.Demo}
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

func (m *Manager) emitLocked() {
	if m.opts.OnStatus != nil {
		m.opts.OnStatus(m.statusLocked())
	}
}

// keyringCall runs a keyring operation and shows "waiting for the keyring" while it takes
// longer than a second (an unlock prompt may be up).
func (m *Manager) keyringCall(op func() error) error {
	finished, slow := false, false // guarded by m.mu
	t := time.AfterFunc(time.Second, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if !finished {
			slow = true
			m.keyringWait++
			m.emitLocked()
		}
	})
	err := op()
	t.Stop()
	m.mu.Lock()
	finished = true
	if slow {
		m.keyringWait--
		m.emitLocked()
	}
	m.mu.Unlock()
	return err
}

// BeginSignIn starts a sign-in attempt in the app's window and returns the authorize page
// to open there. back brings the window back to the app when the attempt ends without a
// code (the callback page does it after a good callback).
func (m *Manager) BeginSignIn(back func()) (Start, error) {
	return m.begin(back, m.opts.ReturnURL)
}

// BeginBrowserSignIn starts a sign-in attempt whose authorize page the caller opens in the
// system browser; the callback page then asks the person to return to the app.
func (m *Manager) BeginBrowserSignIn() (Start, error) {
	return m.begin(nil, "")
}

func (m *Manager) begin(back func(), returnURL string) (Start, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.opts.Configured {
		return Start{}, errors.New("session: no OAuth app is configured")
	}
	if m.attempt != nil {
		m.attempt.Cancel()
		m.attempt = nil
	}
	a, err := authflow.Start(m.ctx, authflow.Options{
		RedirectURI: m.opts.Client.RedirectURI,
		ReturnURL:   returnURL,
		AppName:     m.opts.AppName,
		Timeout:     m.opts.SignInTimeout,
	})
	if err != nil {
		m.state, m.problem = Failed, problemOf(err, m.opts.RedirectSetting)
		m.emitLocked()
		return Start{}, err
	}
	client := m.opts.Client
	client.RedirectURI = a.RedirectURI()
	authURL := client.AuthorizeURL(a.State())
	host := authURL
	if u, err := url.Parse(authURL); err == nil {
		host = u.Host
	}
	m.attempt, m.host, m.problem = a, host, nil
	m.state = Opening
	if returnURL == "" {
		m.state = Waiting
	}
	m.emitLocked()
	go m.finish(a, &client, back)
	return Start{Host: host, URL: authURL}, nil
}

// CancelSignIn ends the attempt under way, if any.
func (m *Manager) CancelSignIn() {
	m.mu.Lock()
	a := m.attempt
	m.mu.Unlock()
	if a != nil {
		a.Cancel()
	}
}

// finish waits for the attempt's callback and completes the sign-in.
func (m *Manager) finish(a *authflow.Attempt, client *atomgit.Client, back func()) {
	res, err := a.Wait(context.Background()) // the attempt ends with m.ctx by itself
	m.mu.Lock()
	if m.attempt != a { // superseded by a newer attempt
		m.mu.Unlock()
		return
	}
	m.attempt, m.host = nil, ""
	if err != nil {
		m.endAttemptLocked(problemOf(err, m.opts.RedirectSetting))
		m.emitLocked()
		m.mu.Unlock()
		// The window may still show AtomGit's page (cancel, time limit, a callback that
		// did not come from the window): bring it back to the app.
		if back != nil && m.ctx.Err() == nil {
			back()
		}
		return
	}
	m.state = Finishing
	m.emitLocked()
	m.mu.Unlock()

	ctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	defer cancel()
	rec, err := m.signIn(ctx, client, res.Code)
	if err != nil {
		m.mu.Lock()
		m.endAttemptLocked(problemOf(err, m.opts.RedirectSetting))
		m.emitLocked()
		m.mu.Unlock()
		return
	}
	err = m.keyringCall(func() error { return m.storeSignIn(ctx, rec) })
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rec, m.failures, m.problem, m.state = rec, 0, nil, SignedIn
	m.setStorageLocked(err)
	m.emitLocked()
	m.scheduleLocked()
}

// endAttemptLocked returns to the state before the attempt, with the reason.
func (m *Manager) endAttemptLocked(p *Problem) {
	m.problem = p
	switch {
	case m.rec != nil:
		m.adoptLocked(m.rec)
		if p.Code != CodeCancelled {
			m.problem = p
		}
	case p.Code == CodeCancelled || p.Code == CodeTimeout:
		m.state = SignedOut
	default:
		m.state = Failed
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

// signIn exchanges the code and reads the account.
func (m *Manager) signIn(ctx context.Context, client *atomgit.Client, code string) (*Record, error) {
	tok, err := client.Exchange(ctx, code)
	if err != nil {
		return nil, err
	}
	u, err := client.User(ctx, tok.AccessToken)
	if err != nil {
		return nil, err
	}
	return &Record{Token: *tok, Account: accountOf(u), RefreshedAt: m.now()}, nil
}

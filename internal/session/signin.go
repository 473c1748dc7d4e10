package session

import (
	"context"
	"errors"
	"net/url"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
)

// Start is what the UI needs to open an attempt's authorize page.
type Start struct {
	Host string `json:"host"`
	URL  string `json:"url"`
}

// BeginSignIn starts a sign-in attempt in the app's window and returns the authorize page
// to open there. back brings the window back to the app when the attempt ends (the
// listener's callback page does it after a good callback). When Options.Catcher can catch
// the window's navigations, the redirect is taken there and no port is opened.
func (m *Manager) BeginSignIn(back func()) (Start, error) {
	return m.begin(back, m.opts.ReturnURL, m.opts.Catcher)
}

// BeginBrowserSignIn starts a sign-in attempt whose authorize page the caller opens in the
// system browser; the callback page then asks the person to return to the app.
func (m *Manager) BeginBrowserSignIn() (Start, error) {
	return m.begin(nil, "", nil)
}

// BeginPastedSignIn starts a sign-in attempt for a browser anywhere, on this machine or
// another (login --no-browser): the caller shows the authorize page's address, and hands
// what the person pastes back (the address the browser ended on, or its code and state)
// to Paste. Nothing listens: the redirect URI goes on the authorize URL as configured.
func (m *Manager) BeginPastedSignIn() (Start, error) {
	return m.begin(nil, "", pasted{})
}

// Paste hands the sign-in under way what the person pasted: authflow.Attempt.Submit's
// rules and errors. ErrNoAttempt when no sign-in is under way.
func (m *Manager) Paste(text string) error {
	m.mu.Lock()
	a := m.attempt
	m.mu.Unlock()
	if a == nil {
		return ErrNoAttempt
	}
	return a.Submit(text)
}

// ErrNoAttempt is a Paste with no sign-in under way.
var ErrNoAttempt = errors.New("session: no sign-in is under way")

// pasted is the catcher of a sign-in whose callback the person pastes (Paste): it
// catches nothing itself, and the attempt opens no port.
type pasted struct{}

func (pasted) CatchNavigation(func(string) bool) (func(), bool) { return func() {}, true }

// attempt is a sign-in attempt under way and how it ends.
type attempt struct {
	*authflow.Attempt
	stop   func() // stops catching the window's navigations; nil with a listener
	caught bool   // the window catches the redirect: it must be brought back on success too
}

func (m *Manager) begin(back func(), returnURL string, catcher NavigationCatcher) (Start, error) {
	if !m.opts.Configured {
		return Start{}, errors.New("session: no OAuth app is configured")
	}
	if !m.active {
		return Start{}, errors.New("session: a sign-in makes its account the active one; sign in without --user")
	}
	m.mu.Lock()
	ctx := m.ctx
	if m.attempt != nil { // before listening: it may hold the port
		m.attempt.Cancel()
		m.attempt = nil
	}
	m.mu.Unlock()
	// Not under m.mu: catching may wait for the window's UI thread.
	a, err := m.startAttempt(ctx, returnURL, catcher)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		if m.attempt == nil {
			m.state, m.problem = Failed, problemOf(err, m.opts.RedirectSetting)
			m.settlePendingLocked(nil, m.problem)
			m.emitLocked()
		}
		return Start{}, err
	}
	if m.attempt != nil { // another attempt began meanwhile: the newest wins
		m.attempt.Cancel()
		m.attempt = nil
	}
	client := m.opts.Client
	client.RedirectURI = a.RedirectURI()
	var verifier string // PKCE: stays in this process, only the exchange sends it
	if client.Endpoint.PKCE == atomgit.PKCES256 {
		verifier = atomgit.GenerateVerifier()
	}
	authURL := client.AuthorizeURL(a.State(), atomgit.S256ChallengeOption(verifier))
	host := authURL
	if u, err := url.Parse(authURL); err == nil {
		host = u.Host
	}
	m.attempt, m.host, m.problem = a.Attempt, host, nil
	m.pendLocked()
	m.state = Opening
	if returnURL == "" {
		m.state = Waiting
	}
	m.emitLocked()
	go m.inBackground(func() { m.finish(a, &client, verifier, back) })()
	return Start{Host: host, URL: authURL}, nil
}

// startAttempt starts an attempt whose redirect the window catches when catcher can, else
// one with a loopback listener; which one is logged. The choice holds for the whole attempt.
func (m *Manager) startAttempt(ctx context.Context, returnURL string, catcher NavigationCatcher) (attempt, error) {
	opts := authflow.Options{
		RedirectURI: m.opts.Client.RedirectURI,
		ReturnURL:   returnURL,
		AppName:     m.opts.AppName,
		Timeout:     m.opts.SignInTimeout,
		Log:         m.opts.Log,
	}
	if catcher != nil {
		caught := opts
		caught.NoListener = true
		a, err := authflow.Start(ctx, caught)
		if err != nil {
			return attempt{}, err
		}
		if stop, ok := catcher.CatchNavigation(a.Deliver); ok {
			how := "webview"
			if _, ok := catcher.(pasted); ok {
				how = "paste"
			}
			m.logCallback(how)
			return attempt{Attempt: a, stop: stop, caught: true}, nil
		}
		a.Cancel()
	}
	a, err := authflow.Start(ctx, opts)
	if err != nil {
		return attempt{}, err
	}
	m.logCallback("listener")
	return attempt{Attempt: a}, nil
}

func (m *Manager) logCallback(how string) {
	if m.opts.Log != nil {
		m.opts.Log.Info("sign-in started", "callback", how)
	}
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

// finish waits for the attempt's callback and completes the sign-in; verifier is the
// attempt's PKCE verifier ("" without PKCE).
func (m *Manager) finish(a attempt, client *atomgit.Client, verifier string, back func()) {
	res, err := a.Wait(context.Background()) // the attempt ends with m.ctx by itself
	if a.stop != nil {
		a.stop()
	}
	m.mu.Lock()
	if m.attempt != a.Attempt { // superseded by a newer attempt
		m.mu.Unlock()
		return
	}
	m.attempt, m.host = nil, ""
	if err != nil {
		p := problemOf(err, m.opts.RedirectSetting)
		m.endAttemptLocked(p)
		m.emitLocked()
		m.mu.Unlock()
		// The window may still show AtomGit's page (cancel, time limit, a callback that
		// did not come from the window, or one the window caught): bring it back to the app.
		if back != nil && m.ctx.Err() == nil {
			back()
		}
		return
	}
	m.state = Finishing
	m.emitLocked()
	m.mu.Unlock()
	if a.caught && back != nil && m.ctx.Err() == nil {
		back() // the window stayed on AtomGit's page: no callback page brings it back
	}

	ctx, cancel := context.WithTimeout(m.ctx, time.Minute)
	defer cancel()
	rec, err := m.signIn(ctx, client, res.Code, verifier)
	if err != nil {
		m.mu.Lock()
		p := problemOf(err, m.opts.RedirectSetting)
		m.endAttemptLocked(p)
		m.emitLocked()
		m.mu.Unlock()
		return
	}
	// The outcome reaches memory under the Keeper's lock, before any other process's
	// sign-out after it can be followed here.
	m.keeper.SignIn(ctx, rec, func(err error) {
		m.mu.Lock()
		defer m.mu.Unlock()
		witness := m.witness
		if err == nil {
			witness = Witness(rec)
		}
		m.setRecLocked(rec, witness)
		m.failures = 0
		m.stateFromLocked(rec) // signed in; offline until the floor's end when AtomGit's token has expired already
		m.setStorageLocked(err)
		// Before the status goes out: whoever sees it (a window about to close) finds the
		// sign-in settled.
		account := rec.Account
		m.settlePendingLocked(&account, nil)
		m.emitLocked()
		m.scheduleLocked()
	})
}

// endAttemptLocked returns to the state before the attempt, with the reason, and ends
// the Pending sign-in with it: whoever waits on it (login in an open window) learns why.
func (m *Manager) endAttemptLocked(p *Problem) {
	defer m.settlePendingLocked(nil, p)
	m.problem = p
	switch {
	case m.rec != nil:
		m.stateFromLocked(m.rec)
		if p.Code != CodeCancelled {
			m.problem = p
		}
	case p.Code == CodeCancelled || p.Code == CodeTimeout:
		m.state = SignedOut
	default:
		m.state = Failed
	}
}

// signIn exchanges the code (with the attempt's PKCE verifier, if any) and reads the
// account.
func (m *Manager) signIn(ctx context.Context, client *atomgit.Client, code, verifier string) (*Record, error) {
	tok, err := client.Exchange(ctx, code, atomgit.VerifierOption(verifier))
	if err != nil {
		return nil, err
	}
	u, err := client.User(ctx, tok.AccessToken)
	if err != nil {
		return nil, err
	}
	return countShort(&Record{Token: *tok, Account: accountOf(u), RefreshedAt: m.now()}, 0), nil
}

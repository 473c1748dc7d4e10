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
	if !m.active {
		return Start{}, errors.New("session: a sign-in makes its account the active one; sign in without --user")
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
		Log:         m.opts.Log,
	})
	if err != nil {
		m.state, m.problem = Failed, problemOf(err, m.opts.RedirectSetting)
		m.emitLocked()
		return Start{}, err
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
	m.attempt, m.host, m.problem = a, host, nil
	m.state = Opening
	if returnURL == "" {
		m.state = Waiting
	}
	m.emitLocked()
	go m.finish(a, &client, verifier, back)
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

// finish waits for the attempt's callback and completes the sign-in; verifier is the
// attempt's PKCE verifier ("" without PKCE).
func (m *Manager) finish(a *authflow.Attempt, client *atomgit.Client, verifier string, back func()) {
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
	rec, err := m.signIn(ctx, client, res.Code, verifier)
	if err != nil {
		m.mu.Lock()
		m.endAttemptLocked(problemOf(err, m.opts.RedirectSetting))
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
		m.failures, m.problem, m.state = 0, nil, SignedIn
		m.setStorageLocked(err)
		m.emitLocked()
		m.scheduleLocked()
	})
}

// endAttemptLocked returns to the state before the attempt, with the reason.
func (m *Manager) endAttemptLocked(p *Problem) {
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
	return &Record{Token: *tok, Account: accountOf(u), RefreshedAt: m.now()}, nil
}

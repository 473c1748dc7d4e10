package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

const (
	clientID     = "bench-client"
	clientSecret = "bench-secret"
)

// world is the fake AtomGit the whole bench runs against, the real keyring, and the
// environment that points the app at both.
type world struct {
	srv    *fakeatomgit.Server
	client atomgit.Client
	store  keyring.Store
	vault  session.Vault  // the entry the app reads: service atomgit-login, CLIENT_ID@127.0.0.1
	keeper session.Keeper // the owner of that entry, as the app's processes build it
	env    []string       // for the app's processes
	home   string         // XDG_CONFIG_HOME and XDG_CACHE_HOME live here
	lock   string         // the realm's lock file, which the app's processes take too
}

// newWorld starts the fake server (until ctx ends) and prepares the environment. The
// bench process itself takes the same XDG folders, so that its Managers and the app's
// processes share the refresh lock file.
func newWorld(ctx context.Context, home string) (*world, error) {
	srv := fakeatomgit.New(fakeatomgit.Options{ClientID: clientID, ClientSecret: clientSecret})
	if err := srv.Start(ctx, "127.0.0.1:0"); err != nil {
		return nil, err
	}
	a, t, u := srv.Endpoint2023()
	w := &world{
		srv: srv,
		client: atomgit.Client{
			Endpoint: atomgit.Endpoint{AuthorizeURL: a, TokenURL: t, UserURL: u, Style: atomgit.StyleJSON},
			ClientID: clientID, ClientSecret: clientSecret,
			RedirectURI: "http://127.0.0.1:0/callback",
		},
		home: home,
	}
	cfg := &config.Config{ClientID: clientID, Endpoint: w.client.Endpoint}
	w.store = wiring.NewStore(cfg) // the system keyring, as the app's processes have it
	realm := wiring.Realm(cfg)
	w.vault = session.Vault{Store: w.store, Service: wiring.Service, Key: realm}
	xdg := []string{"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
	for _, kv := range xdg {
		k, v, _ := strings.Cut(kv, "=")
		if err := os.MkdirAll(v, 0o700); err != nil {
			return nil, err
		}
		os.Setenv(k, v)
	}
	lock, err := session.LockPath(w.vault.Service + "-" + w.vault.Key)
	if err != nil {
		return nil, err
	}
	w.lock = lock
	w.keeper = session.Keeper{
		Accounts: session.Accounts{Store: w.store, Service: w.vault.Service, Realm: w.vault.Key},
		Lock:     session.FileLock{Path: w.lock},
	}
	w.env = append(os.Environ(),
		"LANG=en_US.UTF-8", "LC_ALL=",
		"ATOMGIT_CLIENT_ID="+clientID, "ATOMGIT_CLIENT_SECRET="+clientSecret,
		"ATOMGIT_AUTHORIZE_URL="+a, "ATOMGIT_TOKEN_URL="+t, "ATOMGIT_USER_URL="+u,
		// The app does not sign in during the bench; the callback port is never opened.
		"ATOMGIT_REDIRECT_URI=http://127.0.0.1:8765/callback",
	)
	return w, nil
}

// statusEvent is one status a Manager reported, and when.
type statusEvent struct {
	state session.State
	at    time.Time
}

// manager opens a session Manager on the app's keyring entry, as the app does (the same
// flock file), reporting every status on events. now is its clock (nil: time.Now).
func (w *world) manager(ctx context.Context, now func() time.Time, events chan<- statusEvent) *session.Manager {
	m := session.New(session.Options{
		Client:     w.client,
		Vault:      w.vault,
		Keeper:     w.keeper,
		AppName:    "bench",
		Configured: true,
		Now:        now,
		OnStatus: func(s session.Status) {
			if events == nil {
				return
			}
			select { // OnStatus must not block
			case events <- statusEvent{s.State, time.Now()}:
			default:
			}
		},
	})
	m.Run(ctx, time.Minute)
	return m
}

// seed signs in once through the code path, with the fake server's browser stand-in
// playing the person, so that the app finds a session in the keyring.
func (w *world) seed(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan statusEvent, 64)
	m := w.manager(ctx, nil, events)
	start, err := m.BeginSignIn(nil)
	if err != nil {
		return err
	}
	var b fakeatomgit.Browser
	if err := b.Approve(ctx, start.URL); err != nil {
		return err
	}
	if err := waitState(ctx, events, session.SignedIn, 30*time.Second); err != nil {
		return fmt.Errorf("seed: %w (status %+v)", err, m.Status())
	}
	if st := m.Status(); st.Storage != session.InKeyring {
		return fmt.Errorf("seed: the session was not written to the keyring: %+v", st.StorageProblem)
	}
	return nil
}

// waitState waits for a status event with state.
func waitState(ctx context.Context, events <-chan statusEvent, state session.State, limit time.Duration) error {
	_, err := waitStateAt(ctx, events, state, limit)
	return err
}

func waitStateAt(ctx context.Context, events <-chan statusEvent, state session.State, limit time.Duration) (time.Time, error) {
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case e := <-events:
			if e.state == state {
				return e.at, nil
			}
		case <-t.C:
			return time.Time{}, errors.New("no " + string(state) + " status in " + limit.String())
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		}
	}
}

// storeDue rewrites the stored record so that its access token is due for a refresh:
// expired already (expired true) or due within the margin but still valid.
func (w *world) storeDue(ctx context.Context, expired bool) (*session.Record, error) {
	rec, err := w.vault.Load(ctx)
	if err != nil {
		return nil, err
	}
	witness := session.Witness(rec)
	now := time.Now()
	rec.RefreshedAt = now.Add(-8 * time.Hour)
	rec.Token.Expiry = now.Add(-time.Minute)
	if !expired {
		rec.Token.Expiry = now.Add(time.Hour) // due at now+12 min (the margin is 48 min)
	}
	_, wrote, err := w.keeper.Put(ctx, w.vault, witness, rec)
	if err == nil && !wrote {
		err = errors.New("the stored session changed while the bench rewrote it")
	}
	return rec, err
}

// storeFresh rewrites the stored record so that it is good for hours.
func (w *world) storeFresh(ctx context.Context) error {
	rec, err := w.vault.Load(ctx)
	if err != nil {
		return err
	}
	if time.Until(rec.Token.Expiry) > time.Hour {
		return nil
	}
	// Refresh once in-process, so that the access token is one the server knows.
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := w.manager(mctx, nil, nil)
	return m.RefreshNow(ctx)
}

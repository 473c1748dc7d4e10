// Package wiring builds a session from the settings: the OAuth client, the store, the
// lock and change signal of the realm, the demo server, and the session manager. The
// commands and the window both open their session here.
package wiring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/instance"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// Keyring services: the real AtomGit account and the demo's are never the same entry.
const (
	Service     = "atomgit-login"
	DemoService = "atomgit-login-demo"
)

// Env is the configured world a command or the window works in. NewEnv makes one from
// the settings; tests fill in their own.
type Env struct {
	Config *config.Config
	// Store keeps the tokens: the one the settings choose (NewStore), or a test's.
	Store keyring.Store
	// Demo selects the built-in demo server instead of the configured OAuth app.
	Demo bool
	// Getenv reads the environment.
	Getenv func(string) string
	// Log receives what the program reports on stderr; nil: discarded.
	Log *slog.Logger
	// AutoSignIn makes the window start a sign-in at once and close when signed in
	// (`atomgit-login login`).
	AutoSignIn bool
	// User picks a signed-in account other than the active one (--user).
	User string
	// WindowArgs are the command and flags that a window started for this Env in another
	// process is given, without the client secret (see cli.WindowCommand).
	WindowArgs []string
	// NoWindow reports that this program cannot open the window: it is the commands-only
	// build and no window build is installed beside it. Messages then suggest signing in
	// through the system browser. It is asked only when a message needs it, so that a
	// command that succeeds never looks for the window; nil: the window can be opened.
	NoWindow func() bool
}

// NewEnv is the world of the settings c, read from the environment getenv: the tokens
// are kept in the store c chooses (NewStore).
func NewEnv(c *config.Config, getenv func(string) string) *Env {
	return &Env{Config: c, Store: NewStore(c), Getenv: getenv}
}

// NewStore is the store the settings c choose for the tokens: the token file when the
// storage setting is "file", else the system keyring, each of whose calls waits at most
// keyring.DefaultTimeout (a person may be typing the keyring's password). A process makes
// one and keeps it: the system keyring runs its calls in order only within one System.
func NewStore(c *config.Config) keyring.Store {
	if c.TokenFile != "" {
		return keyring.File{Path: c.TokenFile}
	}
	return keyring.NewSystem()
}

func (e *Env) logger() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Log
}

// SessionOptions are what the window adds to a session.
type SessionOptions struct {
	OnStatus  func(session.Status)
	ReturnURL string
	// Wait is how long Open waits for the stored session before returning with the
	// "waiting for the keyring" state (the window shows it); 0, as the commands give:
	// as long as the keyring may take (keyring.DefaultTimeout).
	Wait time.Duration
	// Follow keeps the session in step with what other processes store (the window):
	// a sign-out, switch, sign-in or refresh anywhere shows here at once.
	Follow bool
	// Catcher is the window, when it can catch its own navigation to the redirect URI:
	// a sign-in in the window then opens no port (session.Options.Catcher).
	Catcher session.NavigationCatcher
	// Now is the session's clock, and its client's; nil: time.Now. Tests set it.
	Now func() time.Time
}

// Realm names the keyring entry of a configured app: its client id at the token
// endpoint's host (without the port, which a local test server changes from run to run).
func Realm(c *config.Config) string {
	return c.ClientID + "@" + c.TokenHostname()
}

// Storage names where the settings keep the tokens, for the status.
func (e *Env) Storage() session.Storage {
	if e.Config.TokenFile != "" {
		return session.InFile
	}
	return session.InKeyring
}

// Accounts are the signed-in accounts of this Env's realm.
func (e *Env) Accounts() session.Accounts {
	if e.Demo {
		return session.Accounts{Store: e.Store, Service: DemoService, Realm: "demo"}
	}
	return session.Accounts{Store: e.Store, Service: Service, Realm: Realm(e.Config)}
}

// Keeper is the one writer of what is stored for this Env's realm: its accounts, the
// lock that every process writing them takes, and the signal that windows follow. The
// lock and the signal live in the user's cache folder; without one it is a config.Error
// (exit 2), as they are never put in a folder that other users share. A folder, lock or
// signal that the program will not use (privdir: a planted link, another user's file)
// is a *privdir.Error that names it.
func (e *Env) Keeper() (session.Keeper, error) {
	a := e.Accounts()
	name := e.realmName()
	lock, err := session.LockPath(name)
	if err != nil {
		return session.Keeper{}, noCacheDir()
	}
	signal, err := session.SignalPath(name)
	if err != nil {
		return session.Keeper{}, err
	}
	// Something planted in the folder where the lock or the signal goes (a link, another
	// user's file), or a folder that is a link or another user's, stops the command before
	// it reads or writes anything, with the file named: never a write through it, nor a
	// wait on another user's lock, nor a sign-out that goes on without its lock or signal.
	// A folder that cannot be made for another reason (a read-only disk) is left to the
	// lock, which then reports ErrLockUnavailable as it always did.
	if err := refused(privdir.Make(filepath.Dir(lock)), privdir.Check(lock, 0), privdir.Check(signal, 0)); err != nil {
		return session.Keeper{}, err
	}
	return session.Keeper{
		Accounts: a,
		Lock:     session.FileLock{Path: lock},
		Signal:   session.FileSignal{Path: signal},
	}, nil
}

// refused is the first of errs that refuses a file or folder (privdir.ErrUnsafe).
func refused(errs ...error) error {
	for _, err := range errs {
		if errors.Is(err, privdir.ErrUnsafe) {
			return err
		}
	}
	return nil
}

// noCacheDir is why the realm's lock, signal and window place cannot be had: exit 2.
func noCacheDir() error {
	const why = "the lock that keeps this program's processes from writing the session at once must be in a cache folder of yours, " +
		"never in a shared one such as /tmp"
	if runtime.GOOS == "windows" { // os.UserCacheDir reads LocalAppData alone there
		return &config.Error{Setting: "LocalAppData", Msg: "is not set to an absolute path: " + why}
	}
	return &config.Error{Setting: "HOME", Msg: "is not set, nor is XDG_CACHE_HOME (or one is not an absolute path): " +
		why + "; set HOME, or XDG_CACHE_HOME"}
}

// realmName names this Env's realm in file names: SERVICE-REALM.
func (e *Env) realmName() string {
	a := e.Accounts()
	return a.Service + "-" + a.Realm
}

// WindowPlace is where the window of this Env's realm is found (instance.Place): one
// window per realm, so the demo's window and a configured app's are two, and a second
// start of either reaches the one open. Without a cache folder it is the Keeper's error.
func (e *Env) WindowPlace() (instance.Place, error) {
	at, err := instance.PlaceFor(e.realmName())
	if err != nil {
		return instance.Place{}, noCacheDir()
	}
	return at, nil
}

// Vault is where the active account's session is kept.
func (e *Env) Vault() session.Vault { return e.Accounts().Active() }

// Session is a session that Env.Open opened: its Manager, and for the demo the demo's
// AtomGit. It lives until Close, or until the context given to Open ends.
type Session struct {
	*session.Manager
	stop context.CancelFunc
	demo *fakeatomgit.Server // nil but for the demo
}

// Close ends the session and returns once nothing of it runs any more: no timer, no
// follow of other processes' writes, no request to the demo's AtomGit reads or writes
// anything after it, nor reports a status. It may be called more than once.
func (s *Session) Close() {
	s.stop()
	if s.demo != nil {
		_ = s.demo.Stop()
	}
	s.Manager.Wait()
}

// Open starts the session manager: for the demo it first starts the demo server on
// loopback. Both run until Close, or until ctx ends.
func (e *Env) Open(ctx context.Context, o SessionOptions) (*Session, error) {
	ctx, stop := context.WithCancel(ctx)
	s, err := e.open(ctx, o)
	if err != nil {
		stop()
		return nil, err
	}
	s.stop = stop
	return s, nil
}

// open is Open within ctx, which the caller ends.
func (e *Env) open(ctx context.Context, o SessionOptions) (*Session, error) {
	c := e.Config
	client := atomgit.Client{Endpoint: c.Endpoint, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURI: c.RedirectURI, Now: o.Now}
	configured := c.Configured()
	vault, err := e.Accounts().Vault(ctx, e.User)
	if err != nil {
		return nil, err
	}
	keeper, err := e.Keeper()
	if err != nil {
		return nil, err
	}
	var srv *fakeatomgit.Server
	if e.Demo {
		srv, err = startDemo(ctx, c.AppName, e.logger())
		if err != nil {
			return nil, err
		}
		a, t, u := srv.Endpoint2023()
		// PKCE on, so that the stand-in checks the verifier on every demo sign-in.
		client.Endpoint = atomgit.Endpoint{AuthorizeURL: a, TokenURL: t, UserURL: u, Style: atomgit.StyleJSON, PKCE: atomgit.PKCES256}
		client.ClientID, client.ClientSecret = fakeatomgit.DefaultClientID, fakeatomgit.DefaultClientSecret
		configured = true
	}
	m := session.New(session.Options{
		Client:          client,
		Keeper:          keeper,
		Vault:           vault,
		Pin:             e.User,
		Follow:          o.Follow,
		Storage:         e.Storage(),
		ReturnURL:       o.ReturnURL,
		AppName:         c.AppName,
		SignInTimeout:   c.SignInTimeout,
		RedirectSetting: c.SettingName("redirect_uri"),
		SettingName:     c.SettingName,
		Configured:      configured,
		Demo:            e.Demo,
		OnStatus:        o.OnStatus,
		Log:             e.Log,
		Catcher:         o.Catcher,
		Now:             o.Now,
	})
	wait := o.Wait
	if wait == 0 {
		wait = keyring.DefaultTimeout // as long as the keyring may take to answer
	}
	m.Run(ctx, wait)
	return &Session{Manager: m, demo: srv}, nil
}

// startDemo starts the demo's AtomGit on loopback, with short token lifetimes so that
// refreshes can be watched. It keeps its tokens in the user's cache folder and prefers the
// same port every run, so that a restarted demo still knows its sign-ins and avatars.
func startDemo(ctx context.Context, appName string, log *slog.Logger) (*fakeatomgit.Server, error) {
	state := ""
	if dir, err := os.UserCacheDir(); err == nil {
		state = filepath.Join(dir, "atomgit-login", "demo-server.json")
	}
	opts := fakeatomgit.Options{
		AccessLifetime: 5 * time.Minute,
		RotateRefresh:  true,
		AppName:        appName,
		StateFile:      state,
		OnChange: func(s fakeatomgit.Stats) {
			log.Info("demo server", "login_pages", s.LoginPages, "authorize_pages", s.AuthorizePages,
				"login_shown", s.LoginShown, "authorize_shown", s.AuthorizeShown, "codes", s.CodesIssued, "denials", s.Denials, "refreshes", s.Refreshes)
		},
	}
	srv := fakeatomgit.New(opts)
	if err := srv.Start(ctx, DemoAddr); err == nil {
		return srv, nil
	}
	srv = fakeatomgit.New(opts) // the port is taken: any free one
	if err := srv.Start(ctx, "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("wiring: start the demo server: %w", err)
	}
	return srv, nil
}

// DemoAddr is where the demo's AtomGit listens when the port is free.
const DemoAddr = "127.0.0.1:8766"

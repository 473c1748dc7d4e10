package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// holdRefresh makes the server hold the next token request until release is called;
// arrived waits until a refresh request has reached the server.
func (f *fixture) holdRefresh() (arrived func(), release func()) {
	f.t.Helper()
	hold := make(chan struct{})
	before := f.srv.Stats().Refreshes
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Hold: hold, Times: 1})
	arrived = func() {
		f.t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := f.srv.Wait(ctx, func(s fakeatomgit.Stats) bool { return s.Refreshes > before }); err != nil {
			f.t.Fatalf("no refresh request arrived: %v", err)
		}
	}
	var once sync.Once
	return arrived, func() { once.Do(func() { close(hold) }) }
}

// idle waits until the server has finished every request it received.
func (f *fixture) idle() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.srv.Wait(ctx, func(s fakeatomgit.Stats) bool { return s.InFlight == 0 }); err != nil {
		f.t.Fatalf("the server is still answering: %v", err)
	}
}

// nothingStored fails unless the realm's active entry is empty.
func (f *fixture) nothingStored() {
	f.t.Helper()
	if rec, err := f.vault.Load(context.Background()); !errors.Is(err, ErrNoRecord) {
		f.t.Fatalf("stored after sign-out: %v, %v", rec, err)
	}
}

func TestSignOutDuringARefreshInFlightWins(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	arrived, release := f.holdRefresh()
	defer release()
	refreshed := make(chan error, 1)
	go func() { refreshed <- f.m.RefreshNow(context.Background()) }()
	arrived()
	signedOut := make(chan error, 1)
	go func() { signedOut <- f.m.SignOut(context.Background()) }()
	select { // the server still holds the refresh: only cancelling it lets the sign-out on
	case err := <-signedOut:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sign-out waited for the refresh in flight instead of cancelling it")
	}
	release()
	if err := <-refreshed; !errors.Is(err, ErrNoRecord) {
		t.Errorf("the refresh a sign-out cancelled returned %v, want ErrNoRecord", err)
	}
	f.idle()
	f.nothingStored()
	if st := f.m.Status(); st.State != SignedOut || st.Account != nil {
		t.Errorf("status after sign-out: %+v", st)
	}
}

// countedLock is a Locker that counts the calls to Lock: a caller counts as soon as it
// asks, before it has the lock.
type countedLock struct {
	Locker
	mu      sync.Mutex // guards calls and changed
	calls   int
	changed chan struct{} // closed, and replaced, at every call
}

func (l *countedLock) Lock(ctx context.Context) (func(), error) {
	l.mu.Lock()
	l.calls++
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	return l.Locker.Lock(ctx)
}

// count is how many calls there have been.
func (l *countedLock) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.calls
}

// after is closed once there have been more than n calls; never, if ctx ends first.
func (l *countedLock) after(ctx context.Context, n int) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for {
			l.mu.Lock()
			calls, changed := l.calls, l.changed
			l.mu.Unlock()
			if calls > n {
				close(done)
				return
			}
			select {
			case <-changed:
			case <-ctx.Done():
				return
			}
		}
	}()
	return done
}

// The sign-out of another process comes while this one's refresh is in flight, under the
// realm's lock: it waits for the refresh and removes what the refresh wrote. The refresh
// is let go only once the sign-out has asked for the lock, or has ended without it, so
// that without the Keeper's lock the sign-out always comes first and the refresh's write
// outlives it: the test fails every time.
func TestSignOutElsewhereWaitsForARefreshInFlightAndWins(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	lock := &countedLock{Locker: f.lock, changed: make(chan struct{})}
	f.lock = lock
	other := f.manager() // another process
	arrived, release := f.holdRefresh()
	refreshed := make(chan error, 1)
	go func() { refreshed <- f.m.RefreshNow(context.Background()) }()
	arrived()
	asked := lock.count()
	signedOut := make(chan error, 1)
	go func() { signedOut <- other.SignOut(context.Background()) }()
	var signOutErr error
	select {
	case <-lock.after(t.Context(), asked): // the sign-out waits for the lock that the refresh holds
		release()
		signOutErr = <-signedOut
	case signOutErr = <-signedOut: // it did not wait
		release()
	}
	if err := <-refreshed; err != nil {
		t.Errorf("the refresh: %v", err)
	}
	if signOutErr != nil {
		t.Fatal(signOutErr)
	}
	f.nothingStored()
	// The refreshing process learns of it on its next refresh, which writes nothing.
	if err := f.m.RefreshNow(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("refresh after a sign-out elsewhere: %v, want ErrNoRecord", err)
	}
	f.nothingStored()
	if st := f.m.Status(); st.State != SignedOut || st.Account != nil {
		t.Errorf("status of the process that was signed out elsewhere: %+v", st)
	}
}

func TestARefreshFromARecordNoLongerStoredWritesNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	other := f.manager()
	if err := other.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := f.srv.Stats().Refreshes
	f.clock.Add(8 * time.Hour) // due: the timer refreshes
	f.timers.fire()
	f.nothingStored()
	if n := f.srv.Stats().Refreshes - before; n != 0 {
		t.Errorf("%d refresh requests for a session signed out elsewhere", n)
	}
	if _, err := f.m.Token(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("Token after a sign-out elsewhere: %v", err)
	}
}

func TestASwitchElsewhereDuringARefreshIsAdopted(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	f.signInAs(fakeatomgit.SecondUsername) // the first account is parked
	other := f.manager()
	arrived, release := f.holdRefresh()
	refreshed := make(chan error, 1)
	go func() { refreshed <- f.m.RefreshNow(context.Background()) }()
	arrived()
	switched := make(chan error, 1)
	go func() { switched <- other.Switch(context.Background(), fakeatomgit.DefaultUsername) }()
	release()
	if err := <-refreshed; err != nil {
		t.Fatal(err)
	}
	if err := <-switched; err != nil {
		t.Fatal(err)
	}
	if got := f.stored().Account.Login; got != fakeatomgit.DefaultUsername {
		t.Fatalf("active after the switch: %s", got)
	}
	// The next refresh here starts from what is stored: the switched-to account.
	if err := f.m.RefreshNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := f.m.Status(); st.Account == nil || st.Account.Login != fakeatomgit.DefaultUsername {
		t.Errorf("status after a switch elsewhere: %+v", st.Account)
	}
	if got := f.stored().Account.Login; got != fakeatomgit.DefaultUsername {
		t.Errorf("the refresh wrote %s over the switch", got)
	}
}

func TestANonRotatingRefreshKeepsTheRefreshTokenAndItsExpiry(t *testing.T) {
	for _, answer := range []struct {
		name string
		body func(refreshToken string) string
	}{
		{"no refresh token", func(string) string { return `{"access_token":"atu_new1","expires_in":28800}` }},
		{"the same refresh token, no expiry", func(rt string) string {
			return fmt.Sprintf(`{"access_token":"atu_new2","expires_in":28800,"refresh_token":%q}`, rt)
		}},
	} {
		t.Run(answer.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{})
			f.signIn()
			before := f.stored().Token
			if before.RefreshExpiry.IsZero() {
				t.Fatal("the fake sent no refresh expiry at sign-in")
			}
			body := answer.body(before.RefreshToken)
			f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 200, Body: body, ContentType: "application/json", Times: 1})
			if err := f.m.RefreshNow(context.Background()); err != nil {
				t.Fatal(err)
			}
			after := f.stored().Token
			if after.AccessToken == before.AccessToken || after.RefreshToken != before.RefreshToken || !after.RefreshExpiry.Equal(before.RefreshExpiry) {
				t.Errorf("after a non-rotating refresh: refresh token %q→%q, expiry %v→%v", before.RefreshToken, after.RefreshToken, before.RefreshExpiry, after.RefreshExpiry)
			}
		})
	}
}

func TestMergeRefresh(t *testing.T) {
	exp1, exp2 := time.Unix(1000, 0), time.Unix(2000, 0)
	old := atomgit.Token{AccessToken: "a1", RefreshToken: "r1", RefreshExpiry: exp1}
	for _, tt := range []struct {
		name   string
		answer atomgit.Token
		want   atomgit.Token
	}{
		{"rotated, with expiry", atomgit.Token{AccessToken: "a2", RefreshToken: "r2", RefreshExpiry: exp2}, atomgit.Token{AccessToken: "a2", RefreshToken: "r2", RefreshExpiry: exp2}},
		{"rotated, expiry unknown", atomgit.Token{AccessToken: "a2", RefreshToken: "r2"}, atomgit.Token{AccessToken: "a2", RefreshToken: "r2"}},
		{"not sent", atomgit.Token{AccessToken: "a2"}, atomgit.Token{AccessToken: "a2", RefreshToken: "r1", RefreshExpiry: exp1}},
		{"the same, no expiry", atomgit.Token{AccessToken: "a2", RefreshToken: "r1"}, atomgit.Token{AccessToken: "a2", RefreshToken: "r1", RefreshExpiry: exp1}},
		{"the same, later expiry", atomgit.Token{AccessToken: "a2", RefreshToken: "r1", RefreshExpiry: exp2}, atomgit.Token{AccessToken: "a2", RefreshToken: "r1", RefreshExpiry: exp2}},
	} {
		if got := mergeRefresh(old, tt.answer); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// following makes the fixture's Manager follow the realm's change signal, as a window does.
func following(t *testing.T, srvOpts fakeatomgit.Options) *fixture {
	f := newFixture(t, srvOpts)
	f.signal = FileSignal{Path: filepath.Join(signalDir(t), "realm.changed")}
	f.follow = true
	f.m = f.manager()
	return f
}

// signalDir is a folder for a following fixture's signal file. The manager's watcher
// holds a handle on it, closed on the watcher's own goroutine once the manager's context
// ends, a moment after the test. Unix and Windows 10 delete a folder that is still open
// (POSIX semantics); Wine 8 cannot, and scripts/wine/test's builds delete the older way,
// where a folder still open stays until its handle closes and its parent cannot go yet:
// t.TempDir's clean-up would fail the test. There the folder is removed when it can be,
// and at worst left in Wine's throwaway prefix.
func signalDir(t *testing.T) string {
	if runtime.GOOS != "windows" {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp("", "signal")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) }) // runs after the manager's (LIFO): best effort, see above
	return dir
}

func TestAFollowingManagerShowsWhatOthersStore(t *testing.T) {
	f := following(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	f.signInAs(fakeatomgit.SecondUsername)
	f.follow = false
	other := f.otherProcess() // a command in a terminal

	if err := other.Switch(context.Background(), fakeatomgit.DefaultUsername); err != nil {
		t.Fatal(err)
	}
	st := f.waitState(SignedIn)
	for st.Account == nil || st.Account.Login != fakeatomgit.DefaultUsername {
		st = f.waitState(SignedIn)
	}

	before := *st.ExpiresAt
	f.clock.Add(time.Hour)
	if err := other.RefreshNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	for st.ExpiresAt == nil || !st.ExpiresAt.After(before) {
		st = f.waitState(SignedIn)
	}

	if err := other.SignOut(context.Background()); err != nil { // the parked account becomes active
		t.Fatal(err)
	}
	for st.Account == nil || st.Account.Login != fakeatomgit.SecondUsername {
		st = f.waitState(SignedIn)
	}
	if err := other.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.waitState(SignedOut)
	if _, err := f.m.Token(context.Background()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("Token after a sign-out elsewhere: %v; %+v", err, f.m.Status())
	}
}

// The keyring cannot be read when a refresh is due after a sign-out elsewhere: the refresh
// may go on in memory, but nothing is written over what it could not read, and its retry
// finds the sign-out and adopts it.
func TestARefreshThatCannotReadTheStoreWritesNothing(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	if err := f.otherProcess().SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.store.FailNext(keyring.ErrTimeout) // the refresh's read
	if err := f.m.RefreshNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.nothingStored()
	if st := f.m.Status(); st.Storage != InMemory {
		t.Errorf("the refreshed session is not marked as in memory only: %+v", st)
	}
	f.clock.Add(saveRetry)
	f.timers.fire() // the write is tried again: over what it started from only
	f.nothingStored()
	if st := f.m.Status(); st.State != SignedOut || st.Account != nil {
		t.Errorf("after the retry: %+v; want signed out, as stored", st)
	}
}

// A sign-in whose write failed is kept in memory; when it is written later (by a retry
// or with its refresh) the account it replaced is parked, not overwritten.
func TestAnUnsavedSignInParksTheAccountItReplacesWhenWritten(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{RotateRefresh: true})
	f.signIn()
	f.store.FailNext(nil) // the sign-in reads what it replaces
	f.store.FailNext(keyring.ErrTimeout)
	f.signInAs(fakeatomgit.SecondUsername)
	if got := f.stored().Account.Login; got != fakeatomgit.DefaultUsername {
		t.Fatalf("the failed write stored %s", got)
	}
	if err := f.m.RefreshNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, err := f.m.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, a := range list {
		logins = append(logins, a.Login)
	}
	if want := []string{fakeatomgit.SecondUsername, fakeatomgit.DefaultUsername}; fmt.Sprint(logins) != fmt.Sprint(want) {
		t.Errorf("accounts after the unsaved sign-in was written: %v, want %v", logins, want)
	}
}

// A sign-out needs no lock to be safe: one whose lock file cannot be opened still signs out.
func TestSignOutWhenTheLockFileCannotBeUsed(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	f.signIn()
	path := f.lock.(FileLock).Path
	// The sign-in's last write may still hold the lock file open: Windows removes no file
	// that is open. Taking the lock waits for it.
	unlock, err := f.lock.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil { // a lock file that cannot be opened
		t.Fatal(err)
	}
	if err := f.m.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.nothingStored()
}

// A refresh token refused by AtomGit ends the session for every process: the one that
// learnt it, another one started later, and a window that follows.
func TestARefusedRefreshEndsTheSessionEverywhere(t *testing.T) {
	f := following(t, fakeatomgit.Options{})
	f.signIn()
	f.srv.RevokeAll()
	other := f.otherProcess()
	if err := other.RefreshNow(context.Background()); !atomgit.IsInvalidGrant(err) {
		t.Fatalf("refresh of a revoked grant: %v", err)
	}
	if !f.stored().Refused {
		t.Fatal("the refusal is not stored")
	}
	st := f.waitState(Reauth) // the window
	if st.Account == nil || st.Account.Login != fakeatomgit.DefaultUsername {
		t.Errorf("the window's reauth names %+v", st.Account)
	}
	later := f.otherProcess()
	if st := later.Status(); st.State != Reauth {
		t.Errorf("a process started afterwards: %s", st.State)
	}
	before := f.srv.Stats().Refreshes
	for _, m := range []*Manager{f.m, other, later} {
		if tok, err := m.Token(context.Background()); err == nil {
			t.Errorf("a refused session handed out %q", tok)
		}
	}
	if n := f.srv.Stats().Refreshes - before; n != 0 {
		t.Errorf("%d refresh requests with a refused refresh token", n)
	}
}

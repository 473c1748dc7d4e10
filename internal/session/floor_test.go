package session

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// A token answer whose lifetime is tiny or already past — a misbehaving server, or a
// clock skew — must not make the session refresh again at once, in a loop, in any
// process: one refresh of a session at most every RefreshFloor (backing off while the
// tokens stay short-lived), shared by every process through what is stored; the token is
// used until its expiry, then the session is offline until the floor's end; an expired
// token is never handed out.

// tinyLifetimes are the two answers of the review: a lifetime of a millisecond, and an
// absolute expiry an hour in the past (the 2023 API's epoch milliseconds).
var tinyLifetimes = []struct {
	name     string
	announce func(now time.Time) string
}{
	{"expires_in 0.001", func(time.Time) string { return "0.001" }},
	{"expires_in an hour ago, in epoch milliseconds", func(now time.Time) string {
		return strconv.FormatInt(now.Add(-time.Hour).UnixMilli(), 10)
	}},
}

// signInShort signs in on a server whose tokens are short-lived: the sign-in ends signed
// in, or offline when the token has expired already.
func (f *fixture) signInShort() {
	f.t.Helper()
	start, err := f.m.BeginSignIn(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := (&fakeatomgit.Browser{}).Approve(context.Background(), start.URL); err != nil {
		f.t.Fatal(err)
	}
	timeout := time.After(10 * time.Second)
	for finishing := false; ; {
		select {
		case st := <-f.seen:
			finishing = finishing || st.State == Finishing
			if finishing && (st.State == SignedIn || st.State == Offline) {
				f.m.Status() // the event is sent under the Manager's lock: this waits for the rest of that step
				return
			}
		case <-timeout:
			f.t.Fatalf("the sign-in did not end; now %+v", f.m.Status())
		}
	}
}

// runTimers lets the Manager's timer fire, each time at the moment it asked for, until the
// clock has moved on by span (or the Manager sets no timer). It returns when each refresh
// request reached the server, as time since the start.
func (f *fixture) runTimers(span time.Duration) []time.Duration {
	f.t.Helper()
	return f.runAllTimers(span, f.timers)
}

// runAllTimers is runTimers for several Managers, each with its timers: the one due first
// fires first. A timer set at a time counts from then.
func (f *fixture) runAllTimers(span time.Duration, all ...*timers) []time.Duration {
	f.t.Helper()
	start := f.clock.Now()
	type pending struct {
		set int       // the timer's count when it was set (0: none pending)
		at  time.Time // when it fires
	}
	seen := make([]pending, len(all))
	var sent []time.Duration
	for range 5000 { // a failsafe: a storm fires without moving the clock
		first := -1
		for i, tm := range all {
			tm.mu.Lock()
			next, d, set := tm.next, tm.d, tm.set
			tm.mu.Unlock()
			if next == nil {
				seen[i] = pending{}
				continue
			}
			if seen[i].set != set {
				seen[i] = pending{set, f.clock.Now().Add(d)}
			}
			if first < 0 || seen[i].at.Before(seen[first].at) {
				first = i
			}
		}
		if first < 0 || seen[first].at.Sub(start) > span {
			return sent
		}
		if d := seen[first].at.Sub(f.clock.Now()); d > 0 {
			f.clock.Add(d)
		}
		before := f.srv.Stats().Refreshes
		all[first].fire()
		for range f.srv.Stats().Refreshes - before {
			sent = append(sent, f.clock.Now().Sub(start))
		}
	}
	f.t.Fatalf("the timers fired 5000 times within %v: %d refreshes sent", span, len(sent))
	return nil
}

func TestTinyLifetimesAreRefreshedAtMostOnceAFloor(t *testing.T) {
	for _, tl := range tinyLifetimes {
		t.Run(tl.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{ExpiresIn: tl.announce})
			f.signInShort()
			sent := f.runTimers(10 * time.Minute)
			if len(sent) == 0 || len(sent) > 5 {
				t.Fatalf("%d refreshes in 10 minutes (at %v); want 1 to 5", len(sent), sent)
			}
			last := time.Duration(0) // the sign-in counts as the first
			for i, at := range sent {
				if gap := at - last; gap < RefreshFloor {
					t.Errorf("refresh %d came %v after the one before, within the floor (%v)", i+1, gap, RefreshFloor)
				}
				last = at
			}
			if n := len(sent); n > 1 && sent[n-1]-sent[n-2] <= sent[1]-sent[0] {
				t.Errorf("refreshes at %v: the floor does not back off while the tokens stay short-lived", sent)
			}
			st := f.m.Status()
			if st.State != Offline || st.Error == nil || st.Error.Code != CodeShortLived || st.RetryAt == nil || !st.RetryAt.After(f.clock.Now()) {
				t.Errorf("status %+v (problem %+v); want offline until the floor's end, saying the tokens expire too soon", st, st.Error)
			}
		})
	}
}

func TestTokenNeverHandsOutAnExpiredToken(t *testing.T) {
	for _, tl := range tinyLifetimes {
		t.Run(tl.name, func(t *testing.T) {
			f := newFixture(t, fakeatomgit.Options{ExpiresIn: tl.announce})
			f.signInShort()
			f.clock.Add(time.Second)
			for range 20 {
				if tok, err := f.m.Token(context.Background()); tok != "" || !errors.Is(err, ErrExpired) {
					t.Fatalf("Token = %q, %v; want none, ErrExpired", tok, err)
				}
			}
			if n := f.srv.Stats().Refreshes; n != 0 {
				t.Errorf("20 calls within the floor sent %d refreshes", n)
			}
			f.clock.Add(RefreshFloor)
			// Due again: one refresh. Its token is handed out only if still valid (for the
			// millisecond it lives, here where the clock stands still).
			tok, err := f.m.Token(context.Background())
			if valid := f.stored().Token.Valid(f.clock.Now()); valid && (err != nil || tok == "") || !valid && (tok != "" || !errors.Is(err, ErrExpired)) {
				t.Errorf("Token after the floor = %q, %v; the refreshed token valid: %v", tok, err, valid)
			}
			f.clock.Add(time.Second)
			if tok, err := f.m.Token(context.Background()); tok != "" || !errors.Is(err, ErrExpired) {
				t.Errorf("Token a second later = %q, %v; want none, ErrExpired", tok, err)
			}
			if n := f.srv.Stats().Refreshes; n != 1 {
				t.Errorf("refreshes = %d, want 1", n)
			}
		})
	}
}

// The floor holds for every process: each reads when the session was last refreshed from
// what is stored, under the Keeper's lock.
func TestTheFloorIsSharedThroughTheStore(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{ExpiresIn: tinyLifetimes[0].announce})
	f.signInShort()
	f.clock.Add(time.Second) // the 1 ms token has expired
	tokens := func() {
		t.Helper()
		for range 20 { // 20 `atomgit-login token` runs
			if tok, err := f.otherProcess().Token(context.Background()); tok != "" || err == nil {
				t.Fatalf("a process got %q, %v; want no token", tok, err)
			}
		}
	}
	tokens()
	if n := f.srv.Stats().Refreshes; n != 0 {
		t.Errorf("20 processes within the floor after the sign-in sent %d refreshes", n)
	}
	f.clock.Add(RefreshFloor)
	f.otherProcess().Token(context.Background()) // the first after the floor refreshes
	f.clock.Add(time.Second)
	tokens()
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Errorf("20 processes once the floor had passed sent %d refreshes, want 1", n)
	}
	st := f.otherProcess().Status()
	if st.State != Offline || st.Error == nil || st.Error.Code != CodeShortLived {
		t.Errorf("another process shows %+v (problem %+v); want offline, the tokens expire too soon", st, st.Error)
	}
}

// Two windows following the session (each with its timer) and the floor: together they
// refresh no more often than one does.
func TestFollowingWindowsShareTheFloor(t *testing.T) {
	f := following(t, fakeatomgit.Options{ExpiresIn: tinyLifetimes[0].announce})
	f.signInShort()
	first := f.timers
	f.timers = &timers{}
	f.manager() // the second window
	second := f.timers
	sent := f.runAllTimers(10*time.Minute, first, second)
	if len(sent) == 0 || len(sent) > 5 {
		t.Fatalf("two windows sent %d refreshes in 10 minutes (at %v); want 1 to 5", len(sent), sent)
	}
	for i := 1; i < len(sent); i++ {
		if gap := sent[i] - sent[i-1]; gap < RefreshFloor {
			t.Errorf("refreshes at %v: two within the floor", sent)
		}
	}
}

// A lifetime shorter than the floor is reported once: a log line when it begins, and the
// status's problem for as long as it lasts, with the lifetime.
func TestAShortLifetimeIsReportedOnce(t *testing.T) {
	var logs bytes.Buffer
	f := newFixture(t, fakeatomgit.Options{ExpiresIn: tinyLifetimes[0].announce})
	f.log = slog.New(slog.NewTextHandler(&logs, nil))
	f.m = f.manager()
	f.signInShort()
	if st := f.m.Status(); st.Error == nil || st.Error.Code != CodeShortLived || st.Error.Detail != "1ms" {
		t.Errorf("signed in with a 1 ms token: problem %+v; want %s with the lifetime", st.Error, CodeShortLived)
	}
	if sent := f.runTimers(10 * time.Minute); len(sent) < 2 {
		t.Fatalf("%d refreshes", len(sent))
	}
	if n := strings.Count(logs.String(), "expire too soon"); n != 1 {
		t.Errorf("%d log lines about the lifetime; want 1:\n%s", n, logs.String())
	}
}

// The Keeper declines an automatic refresh of a record refreshed within the floor, and
// hands it back to adopt, whether it is what the caller saw stored or another process's;
// a forced one (a person's Refresh now, a tool's report of a refused token) is sent.
func TestTheKeeperDeclinesARefreshWithinTheFloor(t *testing.T) {
	f := newFixture(t, fakeatomgit.Options{})
	now := f.clock.Now()
	stored := &Record{
		Token:       atomgit.Token{AccessToken: "atu_short", RefreshToken: "refresh_1", Expiry: now.Add(-9 * time.Second)},
		Account:     Account{Login: "demo", Name: "Demo"},
		RefreshedAt: now.Add(-10 * time.Second),
		ShortLived:  1,
	}
	k := f.keeper()
	if _, _, err := k.Put(context.Background(), f.vault, "", stored); err != nil {
		t.Fatal(err)
	}
	due := func(r *Record) bool { return !now.Before(nextRefresh(r, now)) }
	sent := 0
	send := func(context.Context, *Record) (*Record, error) {
		sent++
		return &Record{Token: atomgit.Token{AccessToken: "atu_new", Expiry: now.Add(time.Hour)}, Account: stored.Account, RefreshedAt: now}, nil
	}
	for _, witness := range []string{Witness(stored), "atu_older"} {
		out, err := k.Refresh(context.Background(), f.vault, witness, stored, due, false, send)
		if err != nil || !out.Adopted || out.Rec.Token.AccessToken != "atu_short" || sent != 0 {
			t.Errorf("witness %q: %+v, %v, %d sent; want the stored record adopted, nothing sent", witness, out, err, sent)
		}
	}
	out, err := k.Refresh(context.Background(), f.vault, Witness(stored), stored, due, true, send)
	if err != nil || out.Adopted || sent != 1 {
		t.Errorf("forced: %+v, %v, %d sent; want a refresh", out, err, sent)
	}
}

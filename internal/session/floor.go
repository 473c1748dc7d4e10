package session

import (
	"errors"
	"time"
)

// RefreshFloor is the least time between two refreshes of one session, whoever sends
// them: the sign-in or the last refresh (Record.RefreshedAt, stored, so every process
// reads it under the Keeper's lock) holds the next one back until then. Without it a
// token answer whose lifetime is tiny or already past (a misbehaving server, or a clock
// skew: expires_in 0.001, or epoch milliseconds in the past) made every process refresh
// again at once, in a loop: thousands of requests a minute, each a keyring write, until
// AtomGit's rate limit locked the person out. While the tokens stay that short the floor
// doubles after each, up to maxFloor. A person's Refresh now and a tool's report that
// AtomGit refused the token are not held back: each is one request, made for a reason.
const RefreshFloor = 30 * time.Second

// maxFloor bounds the floor's backoff.
const maxFloor = 10 * time.Minute

// ErrExpired means the session's access token has expired and the floor holds its
// refresh back (the status says until when, and why): an expired token is never handed
// out.
var ErrExpired = errors.New("session: the access token has expired, and AtomGit's tokens expire too soon to refresh it again yet")

// shortLived reports whether rec's access token was issued with a lifetime shorter than
// RefreshFloor: it expires before it may be refreshed.
func shortLived(rec *Record) bool { return rec.Token.Expiry.Sub(rec.RefreshedAt) < RefreshFloor }

// countShort sets rec.ShortLived for a record just issued, after one that counted prev.
func countShort(rec *Record, prev int) *Record {
	rec.ShortLived = 0
	if shortLived(rec) {
		rec.ShortLived = prev + 1
	}
	return rec
}

// floorEnd is when rec may be refreshed again, by the floor (zero: at once). A refresh
// time after now holds nothing back: the clock was set back since, and the floor would
// otherwise hold for as long again.
func floorEnd(rec *Record, now time.Time) time.Time {
	if rec.RefreshedAt.After(now) {
		return time.Time{}
	}
	floor := min(RefreshFloor<<min(max(rec.ShortLived-1, 0), 5), maxFloor)
	return rec.RefreshedAt.Add(floor)
}

// nextRefresh is when rec is due: a margin ahead of its expiry, but never within the floor.
func nextRefresh(rec *Record, now time.Time) time.Time {
	due := refreshDue(rec)
	if end := floorEnd(rec, now); end.After(due) {
		return end
	}
	return due
}

// shortProblem is what a session whose tokens are short-lived shows, with their lifetime.
func shortProblem(rec *Record) *Problem {
	life := max(rec.Token.Expiry.Sub(rec.RefreshedAt), 0).Round(time.Millisecond)
	return &Problem{Code: CodeShortLived, Detail: life.String()}
}

// noteShortLocked says once, in the log, that the tokens have become short-lived; a
// longer-lived token ends the run of them.
func (m *Manager) noteShortLocked(rec *Record) {
	short := shortLived(rec)
	if short && !m.shortNoted && m.opts.Log != nil {
		m.opts.Log.Warn("AtomGit's access tokens expire too soon: refreshing at most every "+RefreshFloor.String()+", backing off",
			"lifetime", shortProblem(rec).Detail, "next_refresh", nextRefresh(rec, m.now()).Format(time.TimeOnly))
	}
	m.shortNoted = short
}

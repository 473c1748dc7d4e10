package session

import (
	"context"
	"errors"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
)

// Keeper owns everything stored for one realm: the active record, the parked accounts
// and their index. Every write goes through it, under Lock, so that writers in any
// process take turns; a write that depends on what is stored (a refresh) happens only if
// the store still holds what the writer started from; and every write raises Signal, so
// that open windows show it. A Keeper is a value: copies share the store, the lock and
// the signal. Safe for concurrent use.
type Keeper struct {
	Accounts Accounts
	// Lock serialises the realm's writers across processes. Required: use a FileLock
	// where other processes share the store, a LocalLock where none does.
	Lock Locker
	// Signal is raised after every write; nil: nobody follows.
	Signal Signal
}

// Witness is what a writer saw stored: the access token of the record, "" for none, and
// whether AtomGit has refused it. Two records with the same witness are the same sign-in
// at the same refresh.
func Witness(r *Record) string {
	switch {
	case r == nil:
		return ""
	case r.Refused:
		return r.Token.AccessToken + " refused"
	}
	return r.Token.AccessToken
}

// held runs f under the lock, and raises the signal when f wrote (even partly).
func (k Keeper) held(ctx context.Context, f func() (wrote bool, err error)) error {
	return k.heldThen(ctx, f, nil)
}

// heldThen is held, then runs then with f's error, still under the lock and after the
// signal: the caller's memory changes before any other writer can follow, and nothing
// of this write happens after then.
func (k Keeper) heldThen(ctx context.Context, f func() (wrote bool, err error), then func(error)) error {
	unlock, err := k.Lock.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	wrote, err := f()
	if wrote && k.Signal != nil {
		_ = k.Signal.Raise() // a window that misses it still shows the truth on its next read
	}
	if then != nil {
		then(err)
	}
	return err
}

// isActive reports whether v is the realm's active entry.
func (k Keeper) isActive(v Vault) bool {
	return v.Service == k.Accounts.Service && v.Key == k.Accounts.Realm
}

// write puts rec into v, which holds stored (nil: nothing). When rec is another account
// than the active one stored, that one is parked first, so that no account is lost.
func (k Keeper) write(ctx context.Context, v Vault, stored, rec *Record) error {
	a, login := k.Accounts, rec.Account.Login
	other := stored == nil || stored.Account.Login != login
	if !k.isActive(v) || !other {
		return v.save(ctx, rec)
	}
	if stored != nil {
		if err := a.park(ctx, login); err != nil {
			return err
		}
	}
	if err := v.save(ctx, rec); err != nil {
		return err
	}
	return a.unpark(ctx, login)
}

// Read returns what v holds (ErrNoRecord: nothing), read under the lock so that it never
// sees a writer halfway (between the steps of a switch, say).
func (k Keeper) Read(ctx context.Context, v Vault) (rec *Record, err error) {
	err = k.held(ctx, func() (bool, error) {
		rec, err = v.Load(ctx)
		return false, err
	})
	return rec, err
}

// Put writes rec into v if v still holds the record whose Witness is witness. Otherwise it
// writes nothing and returns what v holds now (nil: nothing), for the caller to adopt.
func (k Keeper) Put(ctx context.Context, v Vault, witness string, rec *Record) (stored *Record, wrote bool, err error) {
	err = k.held(ctx, func() (bool, error) {
		stored, err = v.Load(ctx)
		if err != nil && !errors.Is(err, ErrNoRecord) {
			return false, err
		}
		if Witness(stored) != witness {
			return false, nil
		}
		if err := k.write(ctx, v, stored, rec); err != nil {
			return true, err
		}
		stored, wrote = rec, true
		return true, nil
	})
	return stored, wrote, err
}

// Refreshed is the outcome of Keeper.Refresh.
type Refreshed struct {
	// Rec is the record to use from now on: the new one, or the one another writer stored.
	Rec *Record
	// Adopted means the store had moved on and Rec is what it holds: nothing was sent.
	Adopted bool
	// SaveErr is why the new Rec was not written: it is good, but in memory only.
	SaveErr error
}

// Refresher sends one refresh of rec and returns the record that replaces it.
type Refresher func(ctx context.Context, rec *Record) (*Record, error)

// Refresh refreshes v's record under the lock, held across the request so that one
// refresh serves every process. from is the caller's record and witness what the caller
// last saw stored (from may be newer, when a write failed). When the store has moved on —
// another process refreshed, switched or signed out — what it holds wins: it is adopted
// as it is while not due (due says when it is: ahead of its expiry, and never within the
// floor after its last refresh, RefreshFloor), refreshed in turn when due, and the result
// is ErrNoRecord when nobody is signed in any more. Unless forced (a person's Refresh now,
// a tool's report that AtomGit refused the token), a record the store still holds as the
// caller saw it is refreshed only when due too, and otherwise handed back to adopt: so
// that however many processes and timers ask, one session is refreshed at most once a
// floor. A new record is written before anyone gets it. A refresh token that AtomGit
// refuses is recorded as Refused (and Rec is that record), so that no process hands out
// its tokens again. When the store cannot be read (a locked keyring, an entry of a newer
// version), from is refreshed but nothing is written: the caller keeps it in memory and
// writes it later only over what it started from.
func (k Keeper) Refresh(ctx context.Context, v Vault, witness string, from *Record, due func(*Record) bool, forced bool, send Refresher) (out Refreshed, err error) {
	err = k.held(ctx, func() (bool, error) {
		stored, readErr := v.Load(ctx)
		if errors.Is(readErr, ErrNoRecord) {
			readErr = nil
		}
		cur := from
		switch {
		case readErr == nil && Witness(stored) != witness:
			if stored == nil {
				return false, ErrNoRecord
			}
			if stored.Refused || !due(stored) {
				out = Refreshed{Rec: stored, Adopted: true}
				return false, nil
			}
			cur = stored
		case readErr == nil && !forced && Witness(from) == witness && !due(stored):
			out = Refreshed{Rec: stored, Adopted: true} // what the caller holds
			return false, nil
		}
		rec, err := send(ctx, cur)
		if atomgit.IsInvalidGrant(err) && readErr == nil && stored != nil {
			// Said where every process reads it: the session is over, for all of them.
			refused := *cur
			refused.Refused = true
			out.Rec = &refused
			return true, errors.Join(err, k.write(ctx, v, stored, &refused))
		}
		if err != nil {
			return false, err
		}
		out.Rec = rec
		if readErr != nil {
			out.SaveErr = readErr
			return false, nil
		}
		out.SaveErr = k.write(ctx, v, stored, rec)
		return true, nil
	})
	return out, err
}

// SignIn stores a new sign-in as the active account, whatever is stored: the person has
// just signed in. The account that was active is parked first, so that signing in to a
// second account keeps the first. then, when not nil, runs once with the write's outcome,
// under the lock when it could be taken: so that the caller's memory changes before any
// other writer's sign-out can be followed.
func (k Keeper) SignIn(ctx context.Context, rec *Record, then func(error)) error {
	ran := false
	after := func(err error) {
		ran = true
		if then != nil {
			then(err)
		}
	}
	err := k.heldThen(ctx, func() (bool, error) {
		stored, err := k.Accounts.Active().Load(ctx)
		if err != nil && !errors.Is(err, ErrNoRecord) {
			stored = nil // unreadable: replaced, as a sign-in replaces what was there
		}
		return true, k.write(ctx, k.Accounts.Active(), stored, rec)
	}, after)
	if !ran {
		after(err) // the lock could not be had: nothing was written
	}
	return err
}

// SignOut signs login out ("": whoever is active, or whatever unreadable entry is there).
// gone is the login signed out ("" when none was readable). When it was the active
// account, a parked one (if any) becomes active; next is the login active afterwards
// ("" for none). A sign-out needs no lock to be safe (a delete
// brings nothing back), so one whose lock file cannot be opened at all goes ahead.
func (k Keeper) SignOut(ctx context.Context, login string) (gone, next string, err error) {
	a := k.Accounts
	f := func() (bool, error) {
		if login == "" {
			active, err := a.Active().Load(ctx)
			switch {
			case err == nil:
				login = active.Account.Login
			case errors.Is(err, ErrNoRecord):
				return true, nil // nothing stored: still said, for windows that hold one in memory
			default: // nothing readable: remove whatever is there
				return true, a.Active().delete(ctx)
			}
		}
		if _, err := a.Vault(ctx, login); err != nil { // ErrNoAccount: not signed in
			return false, err
		}
		gone = login
		next, err = a.remove(ctx, login)
		return true, err
	}
	err = k.held(ctx, f)
	if errors.Is(err, ErrLockUnavailable) {
		_, err = f()
		if k.Signal != nil {
			_ = k.Signal.Raise()
		}
	}
	return gone, next, err
}

// Switch makes login, a parked account, the active one.
func (k Keeper) Switch(ctx context.Context, login string) error {
	return k.held(ctx, func() (bool, error) {
		err := k.Accounts.switchTo(ctx, login)
		return !errors.Is(err, ErrNoAccount), err
	})
}

// List returns the signed-in accounts, the active one first, read under the lock.
func (k Keeper) List(ctx context.Context) (list []AccountEntry, err error) {
	err = k.held(ctx, func() (bool, error) {
		list, err = k.Accounts.List(ctx)
		return false, err
	})
	return list, err
}

package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// Accounts keeps several signed-in accounts of one realm, like `gh auth switch`. The
// active account's record stays where a single account's always was (Key: realm), so
// everything that reads "the" session reads the active one; the others are parked under
// realm/LOGIN, and an index entry lists them (keyrings cannot be searched portably).
// Every step writes a copy before it removes anything, so a crash between two steps can
// leave a duplicate, never a loss. Accounts reads; its writing steps are Keeper's, which
// runs them under the realm's lock.
type Accounts struct {
	Store   keyring.Store
	Service string
	Realm   string
}

// AccountEntry is one signed-in account.
type AccountEntry struct {
	Account
	Active bool `json:"active"`
}

// ErrNoAccount means the named account is not signed in.
var ErrNoAccount = errors.New("session: no such account")

// Active is the active account's vault.
func (a Accounts) Active() Vault { return Vault{Store: a.Store, Service: a.Service, Key: a.Realm} }

func (a Accounts) parked(login string) Vault {
	return Vault{Store: a.Store, Service: a.Service, Key: a.Realm + "/" + login}
}

func (a Accounts) indexKey() string { return a.Realm + " accounts" }

// index reads the logins of the parked accounts.
func (a Accounts) index(ctx context.Context) ([]string, error) {
	s, err := a.Store.Get(ctx, a.Service, a.indexKey())
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: read the account list: %w", err)
	}
	var logins []string
	if err := json.Unmarshal([]byte(s), &logins); err != nil {
		return nil, fmt.Errorf("session: the account list in the keyring is damaged: %w", err)
	}
	return logins, nil
}

func (a Accounts) setIndex(ctx context.Context, logins []string) error {
	slices.Sort(logins)
	logins = slices.Compact(logins)
	if len(logins) == 0 {
		err := a.Store.Delete(ctx, a.Service, a.indexKey())
		if errors.Is(err, keyring.ErrNotFound) {
			return nil
		}
		return err
	}
	b, _ := json.Marshal(logins)
	return a.Store.Set(ctx, a.Service, a.indexKey(), string(b))
}

// List returns the active account first, then the parked ones.
func (a Accounts) List(ctx context.Context) ([]AccountEntry, error) {
	var out []AccountEntry
	active, err := a.Active().Load(ctx)
	if err != nil && !errors.Is(err, ErrNoRecord) {
		return nil, err
	}
	if active != nil {
		out = append(out, AccountEntry{Account: active.Account, Active: true})
	}
	logins, err := a.index(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range logins {
		rec, err := a.parked(l).Load(ctx)
		if err != nil || (active != nil && rec.Account.Login == active.Account.Login) {
			continue
		}
		out = append(out, AccountEntry{Account: rec.Account})
	}
	return out, nil
}

// Vault is the vault of login: the active one if login is active or empty.
func (a Accounts) Vault(ctx context.Context, login string) (Vault, error) {
	if login == "" {
		return a.Active(), nil
	}
	if active, err := a.Active().Load(ctx); err == nil && active.Account.Login == login {
		return a.Active(), nil
	}
	v := a.parked(login)
	if _, err := v.Load(ctx); err != nil {
		if errors.Is(err, ErrNoRecord) {
			return Vault{}, fmt.Errorf("%w: %s", ErrNoAccount, login)
		}
		return Vault{}, err
	}
	return v, nil
}

// park moves the active account aside before another account (login) becomes active.
// It does nothing when the active account is login, or when there is none.
func (a Accounts) park(ctx context.Context, login string) error {
	active, err := a.Active().Load(ctx)
	if errors.Is(err, ErrNoRecord) || (err == nil && active.Account.Login == login) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := a.parked(active.Account.Login).save(ctx, active); err != nil {
		return err
	}
	logins, err := a.index(ctx)
	if err != nil {
		return err
	}
	return a.setIndex(ctx, append(logins, active.Account.Login))
}

// unpark forgets the parked copy of login, once login is the active account.
func (a Accounts) unpark(ctx context.Context, login string) error {
	logins, err := a.index(ctx)
	if err != nil || !slices.Contains(logins, login) {
		return err
	}
	if err := a.parked(login).delete(ctx); err != nil {
		return err
	}
	return a.setIndex(ctx, slices.DeleteFunc(logins, func(l string) bool { return l == login }))
}

// switchTo makes login the active account.
func (a Accounts) switchTo(ctx context.Context, login string) error {
	rec, err := a.parked(login).Load(ctx)
	if errors.Is(err, ErrNoRecord) {
		if active, aerr := a.Active().Load(ctx); aerr == nil && active.Account.Login == login {
			return nil // already active
		}
		return fmt.Errorf("%w: %s", ErrNoAccount, login)
	}
	if err != nil {
		return err
	}
	if err := a.park(ctx, login); err != nil {
		return err
	}
	if err := a.Active().save(ctx, rec); err != nil {
		return err
	}
	return a.unpark(ctx, login)
}

// remove signs login out. When it was the active account, a parked one (if any) becomes
// active. It returns the login that is active afterwards ("" for none).
func (a Accounts) remove(ctx context.Context, login string) (string, error) {
	active, err := a.Active().Load(ctx)
	if err != nil && !errors.Is(err, ErrNoRecord) {
		return "", err
	}
	if active == nil || (login != "" && active.Account.Login != login) {
		if login == "" {
			return "", nil
		}
		if err := a.unpark(ctx, login); err != nil {
			return "", err
		}
		if active == nil {
			return "", nil
		}
		return active.Account.Login, nil
	}
	if err := a.Active().delete(ctx); err != nil {
		return "", err
	}
	logins, err := a.index(ctx)
	if err != nil || len(logins) == 0 {
		return "", err
	}
	if err := a.switchTo(ctx, logins[0]); err != nil {
		return "", err
	}
	return logins[0], nil
}

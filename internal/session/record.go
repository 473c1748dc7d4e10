package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// Record is everything the next start needs, kept as one keyring entry so that a write
// is all or nothing: the tokens, their expiries, and the account shown.
type Record struct {
	Version     int           `json:"v"`
	Token       atomgit.Token `json:"token"`
	Account     Account       `json:"account"`
	RefreshedAt time.Time     `json:"refreshed_at"`
	// Refused means AtomGit refused the refresh token (revoked, expired): the session is
	// over and a new sign-in is needed. The record is kept, not deleted, so that every
	// process can say whose session ended; its tokens are never handed out.
	Refused bool `json:"refused,omitempty"`
	// ShortLived counts the tokens in a row, this one included, that were issued with a
	// lifetime shorter than RefreshFloor (a sign-in starts the count): the floor between
	// refreshes backs off with it. 0 for a token that lives longer.
	ShortLived int `json:"short_lived,omitempty"`
}

const recordVersion = 1

// Vault is where one account's Record is kept in a keyring.Store. Anyone may Load it;
// only the Keeper writes it (save, delete), under the realm's lock, raising its signal.
// Safe for concurrent use as far as the Store is.
type Vault struct {
	Store   keyring.Store
	Service string // e.g. "atomgit-login"
	Key     string // the realm: which server and OAuth app
}

// ErrNoRecord means nobody is signed in for this realm.
var ErrNoRecord = errors.New("session: not signed in")

// Load reads the record. A missing entry is ErrNoRecord; an entry this version cannot
// read is reported, never deleted.
func (v Vault) Load(ctx context.Context) (*Record, error) {
	s, err := v.Store.Get(ctx, v.Service, v.Key)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, ErrNoRecord
	}
	if err != nil {
		return nil, fmt.Errorf("session: read the keyring: %w", err)
	}
	var r Record
	if err := json.Unmarshal([]byte(s), &r); err != nil || r.Version != recordVersion || r.Token.AccessToken == "" {
		return nil, fmt.Errorf("session: the stored sign-in in the keyring (%s, %s) is not one this version can read", v.Service, v.Key)
	}
	return &r, nil
}

// save writes the record in one keyring write. Only the Keeper calls it.
func (v Vault) save(ctx context.Context, r *Record) error {
	rec := *r
	rec.Version = recordVersion
	b, err := json.Marshal(&rec)
	if err != nil {
		return fmt.Errorf("session: encode: %w", err)
	}
	if err := v.Store.Set(ctx, v.Service, v.Key, string(b)); err != nil {
		return fmt.Errorf("session: write the keyring: %w", err)
	}
	return nil
}

// delete removes the record; a record that is not there is no error. Only the Keeper
// calls it.
func (v Vault) delete(ctx context.Context) error {
	err := v.Store.Delete(ctx, v.Service, v.Key)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("session: delete from the keyring: %w", err)
	}
	return nil
}

func accountOf(u *atomgit.User) Account {
	name := u.Name
	if name == "" {
		name = u.Login
	}
	return Account{ID: u.ID, Login: u.Login, Name: name, AvatarURL: u.AvatarURL, HTMLURL: u.HTMLURL}
}

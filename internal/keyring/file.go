package keyring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// File is a Store in a plain-text JSON file, readable by the user only (mode 0600). It is
// used only when the person asks for it in the settings (storage = file): anyone who can
// read the file can use the tokens. Each call locks the file (a lock file beside it,
// privdir.Lock: flock(2) on Unix, LockFileEx on Windows) and replaces it atomically (a new
// private file, synced, then renamed: privdir.Replace), so processes sharing it never see
// half a write. The file, its lock and their folder are the user's alone and never used
// through a link (privdir). Safe for concurrent use.
type File struct {
	Path string
}

var _ Store = File{}

// fileData is the file's content: service → user → secret.
type fileData map[string]map[string]string

// Get reads a secret.
func (f File) Get(ctx context.Context, service, user string) (string, error) {
	var secret string
	err := f.with(ctx, "get", service, user, false, func(d fileData) error {
		s, ok := d[service][user]
		if !ok {
			return ErrNotFound
		}
		secret = s
		return nil
	})
	return secret, err
}

// Set writes a secret.
func (f File) Set(ctx context.Context, service, user, secret string) error {
	if err := checkSize(service, user, secret); err != nil {
		return &OpError{Op: "set", Service: service, User: user, Err: err}
	}
	return f.with(ctx, "set", service, user, true, func(d fileData) error {
		if d[service] == nil {
			d[service] = map[string]string{}
		}
		d[service][user] = secret
		return nil
	})
}

// Delete removes a secret; a missing one is ErrNotFound.
func (f File) Delete(ctx context.Context, service, user string) error {
	return f.with(ctx, "delete", service, user, true, func(d fileData) error {
		if _, ok := d[service][user]; !ok {
			return ErrNotFound
		}
		delete(d[service], user)
		return nil
	})
}

// with runs fn on the file's content under the lock, and writes it back when write is set
// and fn succeeded.
func (f File) with(ctx context.Context, op, service, user string, write bool, fn func(fileData) error) error {
	wrap := func(err error) error { return &OpError{Op: op, Service: service, User: user, Err: err} }
	if err := ctx.Err(); err != nil {
		return wrap(ctxError(err))
	}
	lock := privdir.NewLock(f.Path + ".lock") // makes the folder private first
	if err := lock.Wait(ctx, lockPatience); err != nil {
		if ctx.Err() != nil {
			err = ctxError(ctx.Err())
		}
		return wrap(err)
	}
	defer lock.Unlock()
	d := fileData{}
	b, err := privdir.ReadFile(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return wrap(err)
	default:
		if err := json.Unmarshal(b, &d); err != nil {
			return wrap(fmt.Errorf("%s is damaged: %w", f.Path, err))
		}
	}
	if err := fn(d); err != nil {
		return wrap(err)
	}
	if !write {
		return nil
	}
	out, _ := json.MarshalIndent(d, "", "  ")
	if err := privdir.Replace(f.Path, out); err != nil {
		return wrap(err)
	}
	return nil
}

// lockPatience is how long a call waits for the lock that another process holds (each
// holds it for one read or write) before it gives up, naming the lock file.
const lockPatience = 5 * time.Minute

package keyring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// File is a Store in a plain-text JSON file, readable by the user only (mode 0600). It is
// used only when the person asks for it in the settings (storage = file): anyone who can
// read the file can use the tokens. Each call locks the file (a lock file beside it, held
// with github.com/gofrs/flock: flock(2) on Unix, LockFileEx on Windows) and replaces it
// atomically (a new private file, synced, then renamed), so processes sharing it never
// see half a write. Safe for concurrent use.
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
		return wrap(err)
	}
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return wrap(err)
	}
	lock := flock.New(f.Path+".lock", flock.SetFlag(os.O_RDWR|os.O_CREATE), flock.SetPermissions(0o600))
	if _, err := lock.TryLockContext(ctx, 5*time.Millisecond); err != nil {
		if ctx.Err() != nil {
			err = ctxError(ctx.Err())
		}
		return wrap(err)
	}
	defer lock.Unlock()
	d := fileData{}
	b, err := os.ReadFile(f.Path)
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
	if err := replace(f.Path, out); err != nil {
		return wrap(err)
	}
	return nil
}

// replace writes data to path atomically: into a new file of its own in the same folder
// (a random name, created with O_EXCL and mode 0600, so that nothing planted there, such
// as a symlink, is followed or reused), synced, then renamed over path. The temporary
// file is removed when any step fails.
func replace(path string, data []byte) (err error) {
	w, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			w.Close()
			os.Remove(w.Name())
		}
	}()
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Sync(); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Rename(w.Name(), path)
}

package privdir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// MaxRead bounds what ReadFile reads: the program's files are small.
const MaxRead = 1 << 20

// WriteFile replaces the content of the file at path, in a folder that Make accepted,
// creating it with mode 0600: the file is opened without following a link and without
// waiting, and checked (Check) before anything is written. The write is in place, so that
// a watcher of the folder sees it as a write.
func WriteFile(path string, data []byte) error {
	f, err := open(path, os.O_WRONLY|os.O_CREATE)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadFile reads the file at path, in a folder that Make accepted, with the checks of
// WriteFile; a file larger than MaxRead is an error.
func ReadFile(path string) ([]byte, error) {
	f, err := open(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxRead+1))
	if err == nil && len(b) > MaxRead {
		err = fmt.Errorf("%s is larger than %d KiB", path, MaxRead>>10)
	}
	return b, err
}

// Replace writes data to path, in a folder that Make accepted, atomically: into a new
// file of its own in the same folder (a random name, created with O_EXCL and mode 0600,
// so that nothing planted there is followed or reused), synced, then renamed over path
// (a rename replaces a link at path, never what it points at). An entry at path that
// Check refuses is refused first. The temporary file is removed when a step fails.
func Replace(path string, data []byte) (err error) {
	if err := Check(path, 0); err != nil {
		return err
	}
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

// open opens the file at path with flag, never through a link and never waiting (a named
// pipe planted there), and checks the file it opened.
func open(path string, flag int) (*os.File, error) {
	if err := beforeOpen(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, flag|openFlags, 0o600)
	if err != nil {
		return nil, openError(path, err)
	}
	fi, err := f.Stat()
	if err == nil {
		err = check(path, fi, 0)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// openError is err, from opening path: a refusal when a link was there.
func openError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if fi, lerr := os.Lstat(path); lerr == nil {
		if cerr := checkWhose(path, fi, 0); cerr != nil {
			return cerr
		}
	}
	return err
}

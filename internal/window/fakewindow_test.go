package window

import (
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// fakeWindow is a desktop.Window that records what the app asks of it. It is safe for
// concurrent use, like the real one.
type fakeWindow struct {
	mu      sync.Mutex        // guards the fields below
	calls   []string          // method names, in order: "Raise", "Quit", ...
	urls    []string          // the URLs of Navigate and OpenBrowser
	events  []session.Status  // the status events emitted
	changed chan struct{}     // closed, and replaced, on every call
	catches bool              // CatchNavigation succeeds, as on Linux
	deliver func(string) bool // the catch under way, if any
}

var _ desktop.Window = (*fakeWindow)(nil)

func newFakeWindow() *fakeWindow { return &fakeWindow{changed: make(chan struct{})} }

func (w *fakeWindow) record(call, url string, s *session.Status) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, call)
	if url != "" {
		w.urls = append(w.urls, url)
	}
	if s != nil {
		w.events = append(w.events, *s)
	}
	close(w.changed)
	w.changed = make(chan struct{})
}

func (w *fakeWindow) Emit(name string, data any) {
	s, ok := data.(session.Status)
	if name != StatusEvent || !ok {
		w.record("Emit "+name, "", nil)
		return
	}
	w.record("Emit", "", &s)
}
func (w *fakeWindow) ReloadApp()             { w.record("ReloadApp", "", nil) }
func (w *fakeWindow) Navigate(url string)    { w.record("Navigate", url, nil) }
func (w *fakeWindow) OpenBrowser(url string) { w.record("OpenBrowser", url, nil) }
func (w *fakeWindow) Raise()                 { w.record("Raise", "", nil) }
func (w *fakeWindow) EndWebSessions()        { w.record("EndWebSessions", "", nil) }
func (w *fakeWindow) Quit()                  { w.record("Quit", "", nil) }

func (w *fakeWindow) CatchNavigation(deliver func(string) bool) (func(), bool) {
	w.record("CatchNavigation", "", nil)
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.catches {
		return nil, false
	}
	w.deliver = deliver
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.deliver = nil
	}, true
}

// navigate is the window going to url: true when a catch took it, and it did not happen.
func (w *fakeWindow) navigate(url string) bool {
	w.mu.Lock()
	deliver := w.deliver
	w.mu.Unlock()
	return deliver != nil && deliver(url)
}

// Events is a copy of the status events so far.
func (w *fakeWindow) Events() []session.Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]session.Status(nil), w.events...)
}

// Called counts the calls of a method so far.
func (w *fakeWindow) Called(call string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, c := range w.calls {
		if c == call {
			n++
		}
	}
	return n
}

// LastURL is the URL of the last Navigate or OpenBrowser.
func (w *fakeWindow) LastURL() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.urls) == 0 {
		return ""
	}
	return w.urls[len(w.urls)-1]
}

// waitFor waits until ok holds, and reports whether it did within the timeout. ok runs
// without the window's lock, after each call.
func (w *fakeWindow) waitFor(timeout time.Duration, ok func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		changed := w.changed
		w.mu.Unlock()
		if ok() {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// wait is waitFor that fails the test.
func (w *fakeWindow) wait(t *testing.T, what string, ok func() bool) {
	t.Helper()
	if !w.waitFor(patience, ok) {
		t.Fatalf("window: timed out waiting for %s; calls %v, events %v", what, w.callList(), w.Events())
	}
}

func (w *fakeWindow) callList() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.calls...)
}

// hasEvent reports whether a status event matched ok.
func (w *fakeWindow) hasEvent(ok func(session.Status) bool) bool {
	for _, s := range w.Events() {
		if ok(s) {
			return true
		}
	}
	return false
}

package signin

import (
	"context"
	"os/exec"
	"runtime"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// outside runs a sign-in whose authorize page opens outside a window, in a session of its
// own that it closes before it returns: the account is stored by then, and whoever follows
// the store (a window, a tool's session) sees it. With Options.Paste it is the pasted
// flow (nothing listens), else the loopback flow with the page in the system browser.
func outside(ctx context.Context, o Options) (*session.Account, error) {
	changed := make(chan session.Status, 16)
	m, err := o.Env.Open(ctx, wiring.SessionOptions{OnStatus: func(s session.Status) {
		select {
		case changed <- s:
		default:
		}
	}})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	for len(changed) > 0 { // what loading the stored session said
		<-changed
	}
	if st := m.Status(); st.Account == nil && st.StorageProblem != nil {
		// The tokens would die with this process: say so before the person signs in.
		return nil, &CannotKeep{Problem: st.StorageProblem}
	}
	var stop <-chan error // nil: the flow ends only by the session (or ctx)
	if o.Paste != nil {
		start, err := m.BeginPastedSignIn()
		if err != nil {
			return nil, err
		}
		stop = o.Paste(ctx, start, m.Paste)
	} else {
		start, err := m.BeginBrowserSignIn()
		if err != nil {
			return nil, err
		}
		o.Browse(ctx, start)
	}
	// Only this attempt's end counts: a refresh of the session already stored, or a
	// change made by another process, says nothing about it.
	finishing := false
	for {
		select {
		case <-ctx.Done():
			m.CancelSignIn()
			return nil, &Failed{Status: session.Status{State: session.SignedOut, Error: &session.Problem{Code: session.CodeCancelled}}}
		case err := <-stop:
			m.CancelSignIn()
			return nil, err
		case s := <-changed:
			switch {
			case s.State == session.Finishing:
				finishing = true
			case s.State == session.Opening || s.State == session.Waiting || s.State == session.KeyringWait:
			case ShortLived(s) && finishing && s.Account != nil:
				// Signed in, and stored; but AtomGit's tokens expire too soon to use.
				return s.Account, nil
			case s.Error != nil || s.State == session.Failed || s.State == session.SignedOut:
				// The attempt failed; a session stored before it may still show.
				s.Account = nil
				return nil, &Failed{Status: s}
			case s.State == session.SignedIn && finishing && s.Account != nil && s.StorageProblem != nil:
				// Signed in, in this session's memory only: it ends with it.
				return nil, &NotKept{Account: *s.Account, Problem: s.StorageProblem}
			case s.State == session.SignedIn && finishing:
				return s.Account, nil
			}
		}
	}
}

// ShortLived reports whether st is a session whose tokens AtomGit issues with a lifetime
// too short to refresh them in time: signed in, or offline until the next refresh.
func ShortLived(st session.Status) bool {
	return st.Error != nil && st.Error.Code == session.CodeShortLived && (st.State == session.SignedIn || st.State == session.Offline)
}

// OpenBrowser asks the system to open url in the person's browser: xdg-open on Linux and
// the BSDs, open on macOS, the URL protocol handler on Windows. It returns once the
// opener has started (it is waited for in the background, and never stopped: it may have
// become the browser), or why it could not start.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the browser's fate is the person's to see
	return nil
}

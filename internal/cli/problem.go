package cli

import (
	"fmt"
	"os"
	"runtime"

	"atomgit.com/atomgit-login/atomgit-login/internal/authflow"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// problemClauses says in English what each problem code means, as a clause that a
// sentence can end with. Every code that session or authflow can send has one (a test
// reads the codes from their source).
var problemClauses = map[string]string{
	authflow.CodeDenied:            "you declined on AtomGit's page",
	authflow.CodeStateMismatch:     "the answer did not belong to this sign-in, so nothing was stored; please try again",
	authflow.CodeMissingCode:       "AtomGit's answer had no sign-in code; please try again",
	authflow.CodeProvider:          "AtomGit reported a problem",
	authflow.CodeUnexpected:        "the callback address was sent something other than AtomGit's answer",
	session.CodePortInUse:          "another program uses the callback address",
	session.CodeTimeout:            "the sign-in took too long and was stopped",
	session.CodeCancelled:          "the sign-in was cancelled",
	session.CodeExchangeFailed:     "AtomGit refused the sign-in",
	session.CodeUserFailed:         "AtomGit did not return the account's details",
	session.CodeNetwork:            "AtomGit cannot be reached",
	session.CodeServer:             "AtomGit had a problem; try again in a moment",
	session.CodeInvalidGrant:       "the grant was revoked or has expired",
	session.CodeKeyringUnavailable: "the system keyring is not available",
	session.CodeKeyringTimeout:     "the system keyring did not answer in time (is it locked?)",
	session.CodeKeyringTooBig:      "the tokens are too large for the system keyring",
	session.CodeLockUnavailable:    "the lock file in the cache folder cannot be used (check its permissions)",
	session.CodeInternal:           "something went wrong inside the app",
}

// problemText is a Problem in English for the terminal: what its code means, then its
// detail as it came (a server's words, an address). It is never empty, whatever the
// problem holds; an unknown code is named, so that it can be looked up.
func problemText(p *session.Problem) string {
	if p == nil {
		return "something went wrong"
	}
	text, ok := problemClauses[p.Code]
	switch {
	case ok:
	case p.Code != "":
		text = "something went wrong (" + p.Code + ")"
	default:
		text = "something went wrong"
	}
	if p.Detail != "" {
		text += ": " + displayText(p.Detail)
	}
	if p.Code == session.CodePortInUse {
		setting := p.Setting
		if setting == "" {
			setting = "the redirect_uri setting"
		}
		text += "; change " + setting + " and register the new URL with the OAuth app"
	}
	return text
}

// whyNot says in one line of English why st gives no token, or why its sign-in failed,
// and what to do: the one place where the commands turn a status into words. host names
// the AtomGit the account belongs to; signIn is the command that signs in here
// (signInCommand). err is what the command got, for when the status says nothing. The
// line is never empty.
func whyNot(st session.Status, err error, host, signIn string) string {
	switch {
	case st.State == session.Reauth:
		who := "the session on " + host
		if a := st.Account; a != nil {
			who = fmt.Sprintf("the session of %s (@%s) on %s", displayText(a.Name), displayText(a.Login), host)
		}
		return who + " has ended: " + problemText(st.Error) + "; sign in again with: " + signIn
	case st.Account == nil && st.StorageProblem != nil:
		return "cannot read the stored sign-in: " + problemText(st.StorageProblem)
	case st.Account == nil && st.Error != nil:
		return "sign-in to " + host + " failed: " + problemText(st.Error)
	case st.Account == nil:
		return "not signed in to " + host + "; sign in with: " + signIn
	case st.Error != nil:
		return "cannot refresh the token for " + host + ": " + problemText(st.Error)
	case err != nil:
		return "no token for " + host + ": " + err.Error()
	}
	return "no token for " + host
}

// signInCommand is the command that signs in where env runs: the window (atomgit-login)
// where one can open, else the system browser (atomgit-login login --browser): with no
// display, or in the commands-only build with no window installed beside it. The demo
// adds --demo.
func signInCommand(env *wiring.Env) string {
	cmd := "atomgit-login"
	getenv := env.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if env.NoWindow || !hasDisplay(runtime.GOOS, getenv) {
		cmd += " login --browser"
	}
	if env.Demo {
		cmd += " --demo"
	}
	return cmd
}

// hasDisplay reports whether a window can be shown on the operating system goos with
// the environment getenv: always on Windows and macOS, which have no session without a
// desktop; elsewhere (Linux, the BSDs) only when an X11 or Wayland display is named.
func hasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

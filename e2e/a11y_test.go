//go:build integration

package e2e

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// a11yBinary is the accessibility check's build of the app (scripts/build test): the same
// programs, with a page that runs axe-core on every screen it shows and reports what it
// found through the app's log (frontend/a11y/). Or the one in ATOMGIT_E2E_A11Y_BIN.
var a11yBinary = filepath.Join(cmp.Or(os.Getenv("ATOMGIT_E2E_A11Y_BIN"), "../build/bin/a11y"), "atomgit-login")

// look is one way the window can look: a language, a colour scheme, an accent.
type look struct {
	name string
	env  []string
}

// paleYellow is a reuser's accent that tests the contrast rules (internal/brand): white
// text cannot be read on it, nor can it be read as text on the light card.
const paleYellow = "#fde68a"

// looks are every language with every colour scheme and every accent (the built-in red
// and a pale yellow): GTK_THEME's dark variant is what WebKitGTK reports as
// prefers-color-scheme: dark.
var looks = func() []look {
	var all []look
	for _, lang := range []struct{ name, env string }{{"en", "LANG=en_US.UTF-8"}, {"zh", "LANG=zh_CN.UTF-8"}} {
		for _, scheme := range []struct{ name, env string }{{"light", "GTK_THEME=Adwaita"}, {"dark", "GTK_THEME=Adwaita:dark"}} {
			for _, accent := range []struct{ name, env string }{{"red", "ATOMGIT_ACCENT="}, {"yellow", "ATOMGIT_ACCENT=" + paleYellow}} {
				all = append(all, look{lang.name + "-" + scheme.name + "-" + accent.name, []string{lang.env, scheme.env, accent.env}})
			}
		}
	}
	return all
}()

// TestEveryScreenPassesAxe shows every screen of the window, in every look, and has
// axe-core check each against WCAG 2.2 A and AA (frontend/a11y/report.ts names the rules)
// in the real WebKit window. Every screen a person can reach is reached as a person does:
// the keyboard, and AtomGit's stand-in made slow, offline or revoking where needed. Only
// "waiting for the keyring" is left out: it needs an unlock prompt that takes over a
// second, which the test keyring does not have; its screen has the same parts as
// "finishing". The shipped window has no axe in it.
func TestEveryScreenPassesAxe(t *testing.T) {
	preconditions(t)
	if _, err := os.Stat(a11yBinary); err != nil {
		t.Fatalf("build the accessibility check's window first (scripts/build test): %v", err)
	}
	shipped, err := os.ReadFile(filepath.Join(filepath.Dir(binary), "atomgit-login-window"))
	if err != nil {
		t.Fatal(err)
	}
	checked, err := os.ReadFile(filepath.Join(filepath.Dir(a11yBinary), "atomgit-login-window"))
	if err != nil {
		t.Fatal(err)
	}
	const axeMark = "axe.run" // axe-core's entry point, as its source names it
	if bytes.Contains(shipped, []byte(axeMark)) || !bytes.Contains(checked, []byte(axeMark)) {
		t.Fatalf("axe-core must be in the checked window only: shipped %v, checked %v",
			bytes.Contains(shipped, []byte(axeMark)), bytes.Contains(checked, []byte(axeMark)))
	}
	for _, l := range looks {
		t.Run(l.name, func(t *testing.T) { checkEveryScreen(t, l) })
	}
}

func checkEveryScreen(t *testing.T, l look) {
	name := func(part string) string { return "a11y-" + l.name + "-" + part }

	// No OAuth app configured.
	a := startProgram(t, a11yBinary, name("unconfigured"), append(unconfiguredEnv(t), l.env...))
	a.checkA11y("unconfigured", -1)
	a.stop()

	// Signed out; the system browser's sign-in (waiting), cancelled with Esc; opening
	// AtomGit (held there by the stand-in); declined on AtomGit's page (error).
	w := newWorld(t, fakeatomgit.Options{})
	env := append(append(w.env, l.env...), "PATH="+noBrowser(t)+":"+os.Getenv("PATH"))
	a = startProgram(t, a11yBinary, name("signed-out"), env)
	a.checkA11y("signed_out", -1)
	focusWindow(t)
	keys(t, "Tab", "Return") // Use my web browser instead
	a.checkA11y("waiting", -1)
	keys(t, "Escape")
	a.checkA11y("signed_out", -1) // Sign-in was cancelled.
	hold := make(chan struct{})
	w.srv.SetFault(fakeatomgit.RouteAuthorize, fakeatomgit.Fault{Hold: hold, Times: 1})
	keys(t, "Return") // Sign in with AtomGit
	a.checkA11y("opening", -1)
	close(hold)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.LoginShown >= 1 })
	logIn(t)
	w.waitStats(t, func(s fakeatomgit.Stats) bool { return s.AuthorizeShown >= 1 })
	keys(t, "Tab", "Return") // Deny
	a.checkA11y("error", -1)
	a.stop()

	// Signed in with two accounts; refreshing (held); offline; asked to sign in again (the
	// grant revoked); finishing the new sign-in (the code's exchange held).
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	signInByCommand(t, w, fakeatomgit.SecondUsername, fakeatomgit.SecondPassword)
	a = startProgram(t, a11yBinary, name("signed-in"), env)
	a.checkA11y("signed_in", 2)
	hold = make(chan struct{})
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Hold: hold, Times: 1})
	focusWindow(t)
	keys(t, "Return") // Refresh now
	a.checkA11y("refreshing", 2)
	close(hold)
	a.waitShown("signed_in")
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Reset: true})
	keys(t, "Return") // Refresh now
	a.checkA11y("offline", 2)
	w.srv.ClearFaults()
	w.srv.RevokeAll()
	// The offline screen's next try finds the token refreshed a moment ago, within the
	// refresh floor: it shows it signed in again without a request. A person's Refresh now
	// is sent all the same, and AtomGit refuses the grant.
	a.waitShown("signed_in")
	keys(t, "Return") // Refresh now
	a.checkA11y("reauth", -1)
	hold = make(chan struct{})
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Hold: hold, Times: 1})
	signInThroughTheWindow(t, w) // Sign in again, then AtomGit's pages
	a.checkA11y("finishing", -1)
	close(hold)
	a.waitShown("signed_in")
}

// axeReport is what the checked page found on one screen (frontend/a11y/report.ts).
type axeReport struct {
	State      string `json:"state"`
	Stable     bool   `json:"stable"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  string `json:"target"`
			Summary string `json:"summary"`
		} `json:"nodes"`
		More int `json:"more"`
	} `json:"violations"`
	Incomplete []string `json:"incomplete"`
	Left       int      `json:"left"`
	Error      string   `json:"error"`
}

// checkA11y waits for the check of the next screen in state (shown with that many
// accounts, or any number: -1) and fails the test, going on, with every violation found.
// A check during which the screen changed (a retry's "refreshing" on the offline screen)
// is passed over for the next one.
func (a *app) checkA11y(state string, accounts int) {
	a.t.Helper()
	key := "a11y " + state + " "
	if accounts >= 0 {
		key += strconv.Itoa(accounts) + " "
	}
	r := a.nextCheck(key)
	for !r.Stable && r.Error == "" {
		a.t.Logf("%s: the screen changed while axe-core checked it; waiting for the next check", state)
		r = a.nextCheck(key)
	}
	var b strings.Builder
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s: %s", n.Target, n.Summary)
		}
		if v.More > 0 {
			fmt.Fprintf(&b, "\n    and %d more", v.More)
		}
	}
	switch {
	case r.State != state:
		a.t.Errorf("%s: the report is of %q", state, r.State)
	case r.Error != "":
		a.t.Errorf("%s: axe-core failed: %s", state, r.Error)
	case len(r.Violations) > 0 || r.Left > 0:
		a.t.Errorf("%s: %d violations of WCAG 2.2 A/AA (%d more not shown):%s", state, len(r.Violations), r.Left, b.String())
	}
	if len(r.Incomplete) > 0 {
		a.t.Logf("%s: axe-core asks a person to look at: %s", state, strings.Join(r.Incomplete, ", "))
	}
}

// nextCheck waits for the next report whose state begins with key, and reads it.
func (a *app) nextCheck(key string) axeReport {
	a.t.Helper()
	line := a.waitLog("msg=shown", `state="`+key)
	quoted, err := strconv.QuotedPrefix(line[strings.Index(line, `state="`)+len("state="):])
	if err != nil {
		a.t.Fatalf("the check's log line: %v: %s", err, line)
	}
	text, _ := strconv.Unquote(quoted)
	fields := strings.SplitN(text, " ", 4) // a11y, state, accounts, JSON
	var r axeReport
	if len(fields) != 4 || json.Unmarshal([]byte(fields[3]), &r) != nil {
		a.t.Fatalf("the check's report is not JSON: %s", text)
	}
	return r
}

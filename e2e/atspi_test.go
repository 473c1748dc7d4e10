//go:build integration

package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// atspiEnv loads GTK's bridge to the accessibility bus into the window, as a desktop with
// a screen reader on does.
const atspiEnv = "GTK_MODULES=gail:atk-bridge"

// accessible is one node of the window's accessibility tree (e2e/testdata/atspi.py).
type accessible struct {
	Depth  int      `json:"depth"`
	Role   string   `json:"role"`
	Name   string   `json:"name"`
	States []string `json:"states"`
}

func (n accessible) is(state string) bool { return slices.Contains(n.States, state) }

func (n accessible) String() string {
	return fmt.Sprintf("%s %q [%s]", n.Role, n.Name, strings.Join(n.States, " "))
}

// control is a role and a name that a screen reader says.
type control struct{ role, name string }

// controlRoles are the roles of what a person can operate.
var controlRoles = []string{"push button", "link", "entry", "password text", "check box", "radio button", "combo box", "toggle button", "menu item"}

// readTree reads the app's accessibility tree over AT-SPI once focused has the focus and
// every one of showing is on the screen; it fails the test with the tree read last when
// that does not happen.
func readTree(t *testing.T, a *app, focused control, showing ...control) []accessible {
	t.Helper()
	args := []string{"testdata/atspi.py", strconv.Itoa(a.cmd.Process.Pid), focused.role, focused.name}
	for _, c := range showing {
		args = append(args, c.role, c.name)
	}
	// Debian's python3-pyatspi is for Debian's own Python, which another python3 on PATH
	// may not be.
	cmd := exec.Command("/usr/bin/python3", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var tree []accessible
	if jerr := json.Unmarshal(out, &tree); jerr != nil {
		t.Fatalf("atspi.py: %v, %v: %s", err, jerr, stderr.String())
	}
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() == 1 {
		t.Fatalf("the screen reader did not find %v focused and %v showing; the tree:\n%s", focused, showing, dump(tree))
	} else if err != nil {
		t.Fatalf("atspi.py: %v: %s", err, stderr.String())
	}
	return tree
}

func dump(tree []accessible) string {
	var b strings.Builder
	for _, n := range tree {
		fmt.Fprintf(&b, "%s%v\n", strings.Repeat("  ", n.Depth), n)
	}
	return b.String()
}

// checkControls fails the test for each control of want that the tree lacks (or has off
// the screen, but for the items of a closed menu), for a focused node that is not
// focused, and for any control in the page that a person can reach with Tab but that has
// no name, or whose role does not say what it is.
func checkControls(t *testing.T, screen string, tree []accessible, focused control, want ...control) {
	t.Helper()
	for _, c := range append([]control{focused}, want...) {
		if !slices.ContainsFunc(tree, func(n accessible) bool {
			return n.Role == c.role && n.Name == c.name && (n.is("showing") || n.Role == "menu item")
		}) {
			t.Errorf("%s: no %s %q on the screen", screen, c.role, c.name)
		}
	}
	page := -1 // the depth of the page's document, while inside it
	for _, n := range tree {
		if page >= 0 && n.Depth <= page {
			page = -1
		}
		if n.Role == "document web" {
			page = n.Depth
			continue
		}
		if page < 0 || !n.is("focusable") {
			continue
		}
		if !slices.Contains(controlRoles, n.Role) || strings.TrimSpace(n.Name) == "" {
			t.Errorf("%s: %v can have the focus, but says neither what it is nor what it does", screen, n)
		}
		if n.is("focused") && (n.Role != focused.role || n.Name != focused.name) {
			t.Errorf("%s: %v has the focus, want %s %q", screen, n, focused.role, focused.name)
		}
	}
	if t.Failed() {
		t.Logf("%s: the tree:\n%s", screen, dump(tree))
	}
}

// The menu bar, as a screen reader finds it on every screen.
var menuControls = []control{
	{"menu", "Account"}, {"menu item", "Cancel sign-in"}, {"menu item", "Sign out"}, {"menu item", "Quit"},
}

// TestTheScreenReaderFindsEveryControl reads the window as a screen reader does, over
// AT-SPI: on the set-up, signed-out, signed-in and offline screens, every control has its
// name and its role, and the focus is on the screen's main button.
func TestTheScreenReaderFindsEveryControl(t *testing.T) {
	// No OAuth app configured: the set-up steps, with the values to copy.
	a := startApp(t, "atspi-unconfigured", append(unconfiguredEnv(t), atspiEnv))
	a.waitShown("unconfigured")
	demo := control{"push button", "Try the demo"}
	tree := readTree(t, a, demo)
	checkControls(t, "unconfigured", tree, demo, append([]control{
		{"heading", "AtomGit Login"},
		{"link", "https://atomgit.com/setting/oauth-apps"},
		{"push button", "Copy ATOMGIT_CLIENT_ID"},
		{"push button", "Copy ATOMGIT_CLIENT_SECRET"},
	}, menuControls...)...)
	a.stop()

	// Signed out.
	w := newWorld(t, fakeatomgit.Options{})
	env := append(w.env, atspiEnv)
	a = startApp(t, "atspi-signed-out", env)
	a.waitShown("signed_out")
	signIn := control{"push button", "Sign in with AtomGit"}
	tree = readTree(t, a, signIn)
	checkControls(t, "signed out", tree, signIn, append([]control{
		{"heading", "AtomGit Login"},
		{"push button", "Use my web browser instead"},
	}, menuControls...)...)
	a.stop()

	// Signed in, with another account to switch to: the active account's picture is named
	// after the person, the other's (beside their name) is not read out twice.
	signInByCommand(t, w, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword)
	signInByCommand(t, w, fakeatomgit.SecondUsername, fakeatomgit.SecondPassword)
	a = startApp(t, "atspi-signed-in", env)
	a.waitShown("signed_in")
	refresh := control{"push button", "Refresh now"}
	picture := control{"image", "Alice Liu"}
	switchTo := control{"push button", "Switch to Demo User (@demo)"}
	tree = readTree(t, a, refresh, picture, switchTo)
	checkControls(t, "signed in", tree, refresh, append([]control{
		picture,
		{"link", "@alice"},
		{"push button", "Sign out"},
		{"heading", "Other accounts"},
		switchTo,
		{"push button", "Add another account"},
	}, menuControls...)...)
	if slices.ContainsFunc(tree, func(n accessible) bool { return n.Role == "image" && n.Name != picture.name }) {
		t.Errorf("signed in: a picture other than %q is read out:\n%s", picture.name, dump(tree))
	}

	// Refresh now, with the network gone: the offline screen keeps the focus on Refresh
	// now, to try again.
	w.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Reset: true})
	focusWindow(t)
	keys(t, "Return")
	a.waitShown("offline")
	tree = readTree(t, a, refresh)
	checkControls(t, "offline", tree, refresh, control{"push button", "Sign out"})
}

//go:build integration

package e2e

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestLoginNoBrowserOverSSH signs in as over SSH: no display, no browser on this
// machine. `atomgit-login login --no-browser` prints the address; a browser elsewhere
// (curl, testdata/approve.sh) logs in and approves on the stand-in AtomGit, and the
// address it is sent to is pasted back, after a wrong paste that is refused. Nothing
// listens on the callback's port meanwhile.
func TestLoginNoBrowserOverSSH(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	cmd := exec.Command(binary, "login", "--no-browser")
	cmd.Env = append(withDisplay(w.env, ""), "PATH="+noBrowser(t)+":/usr/bin:/bin")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	paste, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	authorize, said := printedURL(t, cmd)
	if authorize == "" {
		t.Fatalf("no address to open:\n%s", said())
	}
	cb, _ := url.Parse(w.callback)
	if ln, err := net.Listen("tcp", cb.Host); err != nil {
		t.Errorf("something listens on the callback's port %s: %v", cb.Host, err)
	} else {
		ln.Close()
	}
	out, err := exec.Command("sh", "testdata/approve.sh", authorize).Output()
	if err != nil {
		t.Fatalf("approve.sh: %v: %s", err, out)
	}
	callback := strings.TrimSpace(string(out))
	if !strings.HasPrefix(callback, w.callback+"?") {
		t.Fatalf("the browser was sent to %q, not the callback", callback)
	}
	fmt.Fprintln(paste, authorize) // the wrong address: refused, and the sign-in goes on
	fmt.Fprintln(paste, callback)
	stderr := said()
	if err := cmd.Wait(); err != nil || !strings.Contains(stdout.String(), "as Demo User (@demo)") {
		t.Fatalf("login --no-browser: %v, stdout %q, stderr:\n%s", err, stdout.String(), stderr)
	}
	if !strings.Contains(stderr, "That is not the address the browser ended on") {
		t.Errorf("the wrong paste was not refused with a reason:\n%s", stderr)
	}
	if st, code := status(t, w.env); code != 0 || st.Login != "demo" {
		t.Errorf("status afterwards: %+v, exit %d", st, code)
	}
	if s := w.stats(); s.Exchanges != 1 || s.CodesIssued != 1 {
		t.Errorf("the stand-in saw %+v", s)
	}
}

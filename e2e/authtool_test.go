//go:build integration

package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/auth"
)

// asTool makes the test binary, started again, a program that uses the package auth (a
// tool of a developer's): TestMain runs it instead of the tests.
const asTool = "ATOMGIT_E2E_AS_TOOL"

func TestMain(m *testing.M) {
	if os.Getenv(asTool) == "1" {
		os.Exit(runTool(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// runTool opens the session of the settings atomgit-login reads (auth.LoadConfig) and
// answers one request a line on in, one line each on out (watch's changes come as they
// happen, each a line of their own):
//
//	token   → "token TOKEN" or "error KIND"
//	call N  → N callers at once, each one GET of the user API through the session's
//	          client → "call OK-COUNT STATUS…" or "error KIND"
//	signin  → "signedin LOGIN" or "error KIND"
//	watch   → "watching", then "changed STATE LOGIN KIND" at each change
//
// It says "ready STATE" once the session is open.
func runTool(in io.Reader, out io.Writer) int {
	ctx := context.Background()
	var mu sync.Mutex // guards out
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format+"\n", a...)
	}
	cfg, err := auth.LoadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := auth.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	say("ready %s", s.Status().State)
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "token":
			if tok, err := s.Token(ctx); err != nil {
				say("error %s %v", kind(err), err)
			} else {
				say("token %s", tok)
			}
		case "call":
			n, _ := strconv.Atoi(arg)
			say("%s", callers(ctx, s, cfg.UserURL, n))
		case "signin":
			if a, err := s.SignIn(ctx); err != nil {
				say("error %s %v", kind(err), err)
			} else {
				say("signedin %s", a.Login)
			}
		case "watch":
			s.Watch(ctx, func(st auth.Status) {
				login := "-"
				if st.Account != nil {
					login = st.Account.Login
				}
				say("changed %s %s %s", st.State, login, kind(st.Err))
			})
			say("watching")
		}
	}
	return 0
}

// callers makes n GETs of api at once through the session's client.
func callers(ctx context.Context, s *auth.Session, api string, n int) string {
	client := s.Client(ctx)
	statuses := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := client.Get(api)
			if err != nil {
				statuses[i] = "error-" + kind(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses[i] = strconv.Itoa(resp.StatusCode)
		})
	}
	wg.Wait()
	ok := 0
	for _, st := range statuses {
		if st == strconv.Itoa(http.StatusOK) {
			ok++
		}
	}
	return fmt.Sprintf("call %d %s", ok, strings.Join(statuses, " "))
}

// kind names the package's error that err is ("-" for none).
func kind(err error) string {
	for _, k := range []struct {
		err  error
		name string
	}{
		{auth.ErrSignedOutElsewhere, "signed_out_elsewhere"}, {auth.ErrGrantRevoked, "grant_revoked"},
		{auth.ErrNotSignedIn, "not_signed_in"}, {auth.ErrKeyringLocked, "keyring_locked"},
		{auth.ErrKeyringUnavailable, "keyring_unavailable"}, {auth.ErrOffline, "offline"}, {auth.ErrMisconfigured, "misconfigured"},
	} {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	if err == nil {
		return "-"
	}
	return "other"
}

// tool is a running program that uses the package auth (runTool), as a developer's tool.
type tool struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	lines  chan string
	stderr *lockedWriter
}

// startTool starts a tool with env; the window program it may start is found beside the
// built atomgit-login on its PATH. It returns once the tool's session is open.
func startTool(t *testing.T, env []string) *tool {
	t.Helper()
	bin, err := filepath.Abs(filepath.Dir(binary))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(env, asTool+"=1", "PATH="+bin+":"+os.Getenv("PATH"))
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	tl := &tool{t: t, cmd: cmd, in: in, lines: make(chan string, 100), stderr: &lockedWriter{}}
	cmd.Stderr = tl.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			tl.lines <- sc.Text()
		}
		close(tl.lines)
	}()
	t.Cleanup(func() {
		in.Close() // the tool ends at the end of its input
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	tl.expect("ready ")
	return tl
}

// send sends the tool a request.
func (tl *tool) send(request string) {
	tl.t.Helper()
	if _, err := fmt.Fprintln(tl.in, request); err != nil {
		tl.t.Fatalf("the tool: %v", err)
	}
}

// next is the tool's next line, within 60 s.
func (tl *tool) next() string {
	tl.t.Helper()
	return tl.nextBy(time.Now().Add(60 * time.Second))
}

// nextBy is the tool's next line, by deadline.
func (tl *tool) nextBy(deadline time.Time) string {
	tl.t.Helper()
	select {
	case line, ok := <-tl.lines:
		if !ok {
			tl.t.Fatalf("the tool ended; stderr:\n%s", tl.stderr.String())
		}
		return line
	case <-time.After(time.Until(deadline)):
		tl.t.Fatalf("the tool said nothing in time; stderr:\n%s", tl.stderr.String())
		return ""
	}
}

// expect waits for the tool's next line and fails unless it starts with prefix.
func (tl *tool) expect(prefix string) string {
	tl.t.Helper()
	line := tl.next()
	if !strings.HasPrefix(line, prefix) {
		tl.t.Fatalf("the tool said %q, want %q…; stderr:\n%s", line, prefix, tl.stderr.String())
	}
	return line
}

// ask sends request and returns the answer, past the lines of a watch's changes.
func (tl *tool) ask(request string) string {
	tl.t.Helper()
	tl.send(request)
	for {
		if line := tl.next(); !strings.HasPrefix(line, "changed ") {
			return line
		}
	}
}

// lockedWriter keeps what is written, safe for concurrent use.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

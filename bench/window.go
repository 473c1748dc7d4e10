package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// window is one run of a Wails program (the app or the bare window) under Xvfb.
type window struct {
	cmd   *exec.Cmd
	start time.Time // just before the process was spawned
	shown chan shown
	done  chan struct{} // closed when the process has exited

	mu    sync.Mutex // guards log and first
	log   []string
	first string // the state of the first "shown" line: the first screen painted
}

// shown is the first "msg=shown state=…" line of the wanted state.
type shown struct {
	at           time.Time      // when the bench read the line
	sinceStartMs int            // what the program logged: from its Go init
	phases       map[string]int // the start-up marks it logged (startup.Phases), ms since its start
}

var (
	sinceStart = regexp.MustCompile(`since_start_ms=(\d+)`)
	phaseMark  = regexp.MustCompile(`\b(\w+)_ms=(\d+)`)
	shownState = regexp.MustCompile(`msg=shown state=(\w+)`)
)

// openWindow starts bin and returns once it has logged that it shows state, or fails
// after limit.
func openWindow(bin string, env []string, state string, limit time.Duration) (*window, error) {
	w := &window{cmd: exec.Command(bin), shown: make(chan shown, 1), done: make(chan struct{})}
	w.cmd.Env = env
	// A pipe of our own rather than StderrPipe: the WebKit processes inherit its write end
	// and may hold it after the program has exited, and Wait must not wait for them.
	stderr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	w.cmd.Stderr = pw
	w.start = time.Now()
	err = w.cmd.Start()
	pw.Close()
	if err != nil {
		stderr.Close()
		return nil, err
	}
	go func() {
		_ = w.cmd.Wait()
		close(w.done)
	}()
	go func() {
		defer stderr.Close()
		sc := bufio.NewScanner(stderr)
		found := false
		for sc.Scan() {
			at, line := time.Now(), sc.Text()
			w.mu.Lock()
			w.log = append(w.log, line)
			if m := shownState.FindStringSubmatch(line); m != nil && w.first == "" {
				w.first = m[1]
			}
			w.mu.Unlock()
			if !found && strings.Contains(line, "msg=shown") && strings.Contains(line, "state="+state+" ") {
				found = true
				s := shown{at: at}
				if m := sinceStart.FindStringSubmatch(line); m != nil {
					s.sinceStartMs, _ = strconv.Atoi(m[1])
				}
				s.phases = map[string]int{}
				for _, m := range phaseMark.FindAllStringSubmatch(line, -1) {
					if m[1] != "since_start" {
						s.phases[m[1]], _ = strconv.Atoi(m[2])
					}
				}
				w.shown <- s
			}
		}
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case s := <-w.shown:
		w.shown <- s // keep it for firstPaint
		return w, nil
	case <-w.done:
		return nil, fmt.Errorf("%s exited before showing %s; its log:\n%s", exeName(bin), state, w.logText())
	case <-t.C:
		w.stop()
		return nil, fmt.Errorf("%s did not show %s within %s; its log:\n%s", exeName(bin), state, limit, w.logText())
	}
}

// firstPaint is the time from spawning the process to reading its "shown" line, the
// time the program itself logged, and the start-up marks it logged.
func (w *window) firstPaint() (time.Duration, int, map[string]int) {
	s := <-w.shown
	w.shown <- s
	return s.at.Sub(w.start), s.sinceStartMs, s.phases
}

func (w *window) pid() int { return w.cmd.Process.Pid }

// firstScreen is the state of the first screen the program painted.
func (w *window) firstScreen() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

func (w *window) logText() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.log, "\n")
}

// stop ends the program as a window manager would (SIGTERM), waits for it, then for the
// WebKit processes it leaves (SIGKILL after a while, for either).
func (w *window) stop() {
	var kids []int
	for _, p := range tree(w.pid()) {
		if p.pid != w.pid() {
			kids = append(kids, p.pid)
		}
	}
	_ = w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(15 * time.Second):
		_ = w.cmd.Process.Kill()
		<-w.done
	}
	reap(kids, 10*time.Second)
}

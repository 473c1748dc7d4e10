package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// tokenRun runs `atomgit-login token` once and times it as a whole process: from just
// before the spawn to its exit.
func (w *world) tokenRun(bin string) (time.Duration, error) {
	return w.timeRun(bin, "token")
}

// timeRun runs bin with args in the app's environment and times the whole process; it
// fails when the process fails or prints nothing.
func (w *world) timeRun(bin string, args ...string) (time.Duration, error) {
	return timeEnv(w.env, bin, args...)
}

// timeEnv runs bin with args in the environment env and times the whole process, as
// timeRun does.
func timeEnv(env []string, bin string, args ...string) (time.Duration, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil || strings.TrimSpace(stdout.String()) == "" {
		return 0, fmt.Errorf("%s %s: %v: %s", exeName(bin), strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}

// process is one command line the paired runs time.
type process struct {
	name string
	bin  string
	args []string
}

// pairedRuns runs every command n times after warm runs, interleaved (each round in
// another order), so that they share the machine's moments; with a valid stored token.
func (w *world) pairedRuns(ctx context.Context, cmds []process, warm, n int) (map[string][]time.Duration, error) {
	if err := w.storeFresh(ctx); err != nil {
		return nil, err
	}
	out := map[string][]time.Duration{}
	for i := range warm + n {
		for j := range cmds {
			c := cmds[(i+j)%len(cmds)]
			d, err := w.timeRun(c.bin, c.args...)
			if err != nil {
				return nil, fmt.Errorf("run %d: %w", i+1, err)
			}
			if i >= warm {
				out[c.name] = append(out[c.name], d)
			}
		}
	}
	return out, nil
}

// requestRuns times a refresh request as a new process makes it: bench/refreshpost sends
// one with the app's client, interleaved with its own start alone (none), n times each
// after warm runs; the request's part is the difference of their medians. The server
// does not rotate refresh tokens, so the stored one stays good.
func (w *world) requestRuns(ctx context.Context, bin string, warm, n int) (post, none []time.Duration, err error) {
	rec, err := w.vault.Load(ctx)
	if err != nil {
		return nil, nil, err
	}
	env := append(slices.Clone(w.env), "BENCH_REFRESH_TOKEN="+rec.Token.RefreshToken)
	for i := range warm + n {
		for j := range 2 {
			mode := []string{"refresh", "none"}[(i+j)%2]
			d, err := timeEnv(env, bin, mode)
			if err != nil {
				return nil, nil, fmt.Errorf("run %d: %w", i+1, err)
			}
			switch {
			case i < warm:
			case mode == "refresh":
				post = append(post, d)
			default:
				none = append(none, d)
			}
		}
	}
	return post, none, nil
}

// lockAndSignal times n turns of what a refresh adds around its keyring calls and its
// request, in-process: taking the realm's file lock, raising the change signal that
// windows follow, and unlocking (session.Keeper, with the app's lock and signal files).
func (w *world) lockAndSignal(ctx context.Context, n int) ([]time.Duration, error) {
	sig, err := session.SignalPath(w.vault.Service + "-" + w.vault.Key)
	if err != nil {
		return nil, err
	}
	lock, signal := session.FileLock{Path: w.lock}, session.FileSignal{Path: sig}
	var out []time.Duration
	for range n {
		t0 := time.Now()
		unlock, err := lock.Lock(ctx)
		if err != nil {
			return nil, err
		}
		err = signal.Raise()
		unlock()
		if err != nil {
			return nil, err
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

// dueRuns runs cmds n times each after warm runs, interleaved (each round in another
// order), each run after the same rewrite of the stored record as an expired token (not
// timed), so that all of them meet the keyring in the same state: a write slows the calls
// just after it (gnome-keyring saves its file). cmds holds `token` under the name "due":
// every such run refreshes, and the fake server must have seen one refresh per run.
func (w *world) dueRuns(ctx context.Context, cmds []process, warm, n int) (map[string][]time.Duration, error) {
	if err := w.storeFresh(ctx); err != nil {
		return nil, err
	}
	before := w.srv.Stats().Refreshes
	out := map[string][]time.Duration{}
	for i := range warm + n {
		for j := range cmds {
			c := cmds[(i+j)%len(cmds)]
			if _, err := w.storeDue(ctx, true); err != nil {
				return nil, err
			}
			d, err := w.timeRun(c.bin, c.args...)
			if err != nil {
				return nil, fmt.Errorf("run %d: %w", i+1, err)
			}
			if i >= warm {
				out[c.name] = append(out[c.name], d)
			}
		}
	}
	if got := w.srv.Stats().Refreshes - before; got != warm+n {
		return nil, fmt.Errorf("the fake server saw %d refreshes in %d runs, want %d", got, warm+n, warm+n)
	}
	return out, nil
}

// processContention starts procs token commands at once on an expired stored token, in
// rounds, and counts the refresh requests each round caused (the flock makes it one).
func (w *world) processContention(ctx context.Context, bin string, rounds, procs int) ([]contention, error) {
	var out []contention
	for range rounds {
		if _, err := w.storeDue(ctx, true); err != nil {
			return nil, err
		}
		before := w.srv.Stats().Refreshes
		lat := make([]time.Duration, procs)
		errs := make([]error, procs)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i := range procs {
			wg.Go(func() {
				<-gate
				lat[i], errs[i] = w.tokenRun(bin)
			})
		}
		close(gate)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
		out = append(out, contention{refreshes: w.srv.Stats().Refreshes - before, latency: lat})
	}
	return out, nil
}

// commandFigures are the commands' timings of one run.
type commandFigures struct {
	paired map[string][]time.Duration // valid token, by process name: token, status, get, none, app-none, app-get
	due    map[string][]time.Duration // expired token, by name: due (token), floor, start, app-*
	post   []time.Duration            // bench/refreshpost: one refresh request in a new process
	start  []time.Duration            // bench/refreshpost none: that program's start alone
	lock   []time.Duration            // the refresh lock taken, the change signal raised, unlocked
}

// commandRuns times the commands against the minimal go-keyring programs, interleaved,
// then an expired token's runs and their parts.
func (w *world) commandRuns(ctx context.Context, o options) (commandFigures, error) {
	step("commands: %d paired runs of token, status --json and the minimal go-keyring programs; %d that refresh", o.tokens, o.tokens)
	entry := []string{w.vault.Service, w.vault.Key}
	var f commandFigures
	var err error
	f.paired, err = w.pairedRuns(ctx, []process{
		{"token", o.app, []string{"token"}},
		{"status", o.app, []string{"status", "--json"}},
		{"get", o.keyring, append([]string{"get"}, entry...)},
		{"none", o.keyring, append([]string{"none"}, entry...)},
		// The app's own keyring read, set beside go-keyring's.
		{"app-none", o.appKeyring, append([]string{"none"}, entry...)},
		{"app-get", o.appKeyring, append([]string{"get"}, entry...)},
	}, 5, o.tokens)
	if err != nil {
		return f, fmt.Errorf("commands, valid token: %w", err)
	}
	// An expired token's runs, its floor (the minimal program's Get, Get, Set) and its
	// parts: the app's start and its own keyring calls, one more each time.
	f.due, err = w.dueRuns(ctx, []process{
		{"due", o.app, []string{"token"}},
		{"floor", o.keyring, append([]string{"refresh"}, entry...)},
		{"start", o.app, []string{"version"}},
		{"app-none", o.appKeyring, append([]string{"none"}, entry...)},
		{"app-get", o.appKeyring, append([]string{"get"}, entry...)},
		{"app-get2", o.appKeyring, append([]string{"get2"}, entry...)},
		{"app-refresh", o.appKeyring, append([]string{"refresh"}, entry...)},
	}, 3, o.tokens)
	if err != nil {
		return f, fmt.Errorf("token, refresh: %w", err)
	}
	if f.post, f.start, err = w.requestRuns(ctx, o.refreshpost, 3, o.tokens); err != nil {
		return f, err
	}
	if f.lock, err = w.lockAndSignal(ctx, o.tokens); err != nil {
		return f, err
	}
	return f, nil
}

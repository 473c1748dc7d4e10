package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// tokenRun runs `atomgit-login token` once and times it as a whole process: from just
// before the spawn to its exit.
func (w *world) tokenRun(bin string) (time.Duration, error) {
	return w.timeRun(bin, "token")
}

// timeRun runs bin with args in the app's environment and times the whole process; it
// fails when the process fails or prints nothing.
func (w *world) timeRun(bin string, args ...string) (time.Duration, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = w.env
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

// refreshRoundTrips times n refresh requests to the fake server in-process (the HTTP
// round trip of a refresh, without a process or the keyring). The server does not rotate
// refresh tokens, so the stored one stays good.
func (w *world) refreshRoundTrips(ctx context.Context, n int) ([]time.Duration, error) {
	rec, err := w.vault.Load(ctx)
	if err != nil {
		return nil, err
	}
	var out []time.Duration
	for range n {
		t0 := time.Now()
		if _, err := w.client.Refresh(ctx, rec.Token.RefreshToken); err != nil {
			return nil, fmt.Errorf("refresh round trip: %w", err)
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

// tokenRuns runs the token command n times after warm runs. With due, the stored token is
// made expired before each run (not timed), so every run refreshes it; the fake server
// must then have seen one refresh per run.
func (w *world) tokenRuns(ctx context.Context, bin string, warm, n int, due bool) ([]time.Duration, error) {
	if err := w.storeFresh(ctx); err != nil {
		return nil, err
	}
	before := w.srv.Stats().Refreshes
	var out []time.Duration
	for i := range warm + n {
		if due {
			if _, err := w.storeDue(ctx, true); err != nil {
				return nil, err
			}
		}
		d, err := w.tokenRun(bin)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", i+1, err)
		}
		if i >= warm {
			out = append(out, d)
		}
	}
	want := 0
	if due {
		want = warm + n
	}
	if got := w.srv.Stats().Refreshes - before; got != want {
		return nil, fmt.Errorf("the fake server saw %d refreshes in %d runs, want %d", got, warm+n, want)
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
	paired map[string][]time.Duration // by process name: token, status, get, refresh, none
	due    []time.Duration            // token with an expired token: refresh and write
	rtt    []time.Duration            // a refresh's HTTP round trip, in-process
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
		{"refresh", o.keyring, append([]string{"refresh"}, entry...)},
		{"none", o.keyring, append([]string{"none"}, entry...)},
	}, 5, o.tokens)
	if err != nil {
		return f, fmt.Errorf("commands, valid token: %w", err)
	}
	if f.due, err = w.tokenRuns(ctx, o.app, 3, o.tokens, true); err != nil {
		return f, fmt.Errorf("token, refresh: %w", err)
	}
	if f.rtt, err = w.refreshRoundTrips(ctx, o.tokens); err != nil {
		return f, err
	}
	return f, nil
}

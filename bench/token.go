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
	cmd := exec.Command(bin, "token")
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil || strings.TrimSpace(stdout.String()) == "" {
		return 0, fmt.Errorf("atomgit-login token: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
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

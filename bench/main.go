// Command bench measures the app against its performance targets (figures.go) and prints
// one table; with -out it also writes it, with a description of the machine, into a
// Markdown file.
// scripts/bench (make bench) builds everything and runs it inside scripts/with-keyring
// and xvfb-run: it needs a display, a real unlocked keyring, and the built app
// (build/bin/atomgit-login) and bare window (build/bin/bench-bare, from bench/bare).
//
// It starts a fake AtomGit on loopback for its whole run, signs in once through the
// session code so that the app finds a stored session, then measures: start-up to the
// first paint, phase by phase, and memory against the bare window, idle CPU, the
// binaries' sizes, the sign-in latency in-process, the token and status --json commands
// as processes against a minimal go-keyring program it is given (bench/keyringget, built
// by scripts/bench), a refresh's parts, refresh contention in a process and across
// processes, and the Go benchmarks of the hot paths. With -out it also draws both
// windows' start-up times as an SVG beside that file (benchmarks-startup.svg).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/desktop"
)

type options struct {
	app, bare, keyring, out   string
	refreshpost, appKeyring   string
	runs, signins, tokens     int
	settle, idle              time.Duration
	contentionRounds, callers int
	procRounds, procs         int
	probe                     string
	env                       envList
	commands                  bool // only the commands' figures
}

// envList collects repeated -env KEY=VALUE flags.
type envList []string

func (e *envList) String() string      { return strings.Join(*e, " ") }
func (e *envList) Set(kv string) error { *e = append(*e, kv); return nil }

func main() {
	var o options
	flag.StringVar(&o.app, "app", "build/bin/atomgit-login", "the app's release build")
	flag.StringVar(&o.bare, "bare", "build/bin/bench-bare", "the bare window (bench/bare)")
	flag.StringVar(&o.keyring, "keyring", "build/bin/bench-keyring", "the minimal go-keyring program (bench/keyringget)")
	flag.StringVar(&o.refreshpost, "refreshpost", "build/bin/bench-refreshpost", "the one-refresh-request program (bench/refreshpost)")
	flag.StringVar(&o.appKeyring, "appkeyring", "build/bin/bench-appkeyring", "the app's own keyring calls (bench/appkeyring)")
	flag.StringVar(&o.out, "out", "", "also write the table into this Markdown file (between its markers)")
	flag.IntVar(&o.runs, "runs", 12, "start-up runs of each window")
	flag.DurationVar(&o.settle, "settle", 3*time.Second, "wait after the first paint before reading memory")
	flag.DurationVar(&o.idle, "idle", 60*time.Second, "idle window for the CPU figure")
	flag.IntVar(&o.signins, "signins", 200, "timed sign-ins")
	flag.IntVar(&o.tokens, "tokens", 100, "timed token commands of each kind")
	flag.IntVar(&o.contentionRounds, "contention-rounds", 5, "rounds of concurrent Token calls")
	flag.IntVar(&o.callers, "callers", 100, "concurrent Token calls per round")
	flag.IntVar(&o.procRounds, "process-rounds", 3, "rounds of concurrent token processes")
	flag.IntVar(&o.procs, "processes", 10, "concurrent token processes per round")
	flag.StringVar(&o.probe, "probe", "", "diagnostics: after the sign-in, run this shell command in the app's environment\n"+
		"(fake server, stored session, keyring, display), then stop; e.g. 'strace -c -f build/bin/atomgit-login token'")
	flag.Var(&o.env, "env", "diagnostics: add KEY=VALUE to the environment of both windows (repeatable)")
	flag.BoolVar(&o.commands, "commands", false, "diagnostics: measure only the commands (token, status --json, an expired token's\n"+
		"parts) against the minimal go-keyring program and print their rows; -out is not written.\n"+
		"-bare is not needed, and the Go benchmarks are skipped (as with -probe)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: %s: "+format+"\n", append([]any{time.Now().Format(time.TimeOnly)}, args...)...)
}

func run(o options) error {
	if os.Getenv("ATOMGIT_TEST_KEYRING") == "" || os.Getenv("DISPLAY") == "" && !o.commands {
		return fmt.Errorf("run through scripts/bench: it needs scripts/with-keyring and xvfb-run")
	}
	bins := []string{o.app, o.bare, o.keyring, o.refreshpost, o.appKeyring}
	if o.commands {
		bins = []string{o.app, o.keyring, o.refreshpost, o.appKeyring}
	}
	for _, bin := range bins {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("build first (scripts/bench does): %w", err)
		}
	}
	if err := becomeSubreaper(); err != nil {
		return err
	}
	defer killOrphans()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	home, err := os.MkdirTemp("", "atomgit-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(home)
	started, loadStart := time.Now(), loadAverage()

	var benches []goBench
	if !o.commands && o.probe == "" {
		step("Go benchmarks")
		if benches, err = goBenchmarks("./internal/atomgit/", "./internal/session/"); err != nil {
			return err
		}
	}

	step("fake AtomGit, and one sign-in through the session code")
	w, err := newWorld(ctx, home)
	if err != nil {
		return err
	}
	defer w.keeper.SignOut(context.Background(), "")
	if err := w.seed(ctx); err != nil {
		return err
	}

	if o.probe != "" {
		return probe(o.probe, w.env)
	}
	if o.commands {
		cmds, err := w.commandRuns(ctx, o)
		if err != nil {
			return err
		}
		fmt.Print(table(commandRows(cmds)))
		step("done in %s", time.Since(started).Round(time.Second))
		return nil
	}

	winEnv := append(slices.Clone(w.env), o.env...)
	// The app as the menu starts it: the desktop entry's Exec is the window program. From
	// a terminal, atomgit-login (the commands' build) execs that program: timed too.
	progs := []program{
		{name: "app", bin: o.app + "-window", env: winEnv, state: "signed_in"},
		{name: "bare", bin: o.bare, env: winEnv, state: "bare"},
		{name: "terminal", bin: o.app, env: winEnv, state: "signed_in"},
		// For comparison only: the bare window with the WebKit settings the app chooses
		// for itself on this machine, so that the page can be told apart from the
		// rendering path.
		{name: "bare-app-webkit", bin: o.bare, env: append(slices.Clone(winEnv), desktop.WebKitEnv()...), state: "bare"},
	}
	step("start-up and memory: %d runs of each window, memory %s after the first paint", o.runs, o.settle)
	win, err := startupRuns(progs, o.runs, o.settle, os.Stderr)
	if err != nil {
		return err
	}

	step("idle CPU: both windows open, %s", o.idle)
	idle, err := idleCPU(progs[:2], o.settle, o.idle)
	if err != nil {
		return err
	}

	step("sign-in latency: %d sign-ins in-process, real keyring", o.signins)
	signins, err := w.signInLatency(ctx, 5, o.signins)
	if err != nil {
		return err
	}

	cmds, err := w.commandRuns(ctx, o)
	if err != nil {
		return err
	}

	step("contention: %d × %d concurrent Token calls, %d × %d concurrent token processes", o.contentionRounds, o.callers, o.procRounds, o.procs)
	inProc, err := w.tokenContention(ctx, o.contentionRounds, o.callers)
	if err != nil {
		return err
	}
	crossProc, err := w.processContention(ctx, o.app, o.procRounds, o.procs)
	if err != nil {
		return err
	}

	appSize, err := os.Stat(o.app + "-window") // the window build; o.app is the commands'
	if err != nil {
		return err
	}
	cliSize, err := os.Stat(o.app)
	if err != nil {
		return err
	}
	bareSize, err := os.Stat(o.bare)
	if err != nil {
		return err
	}

	rows := figures(o, win, idle, signins, cmds, inProc, crossProc, appSize.Size(), bareSize.Size(), cliSize.Size(), benches)
	tbl := table(rows)
	fmt.Print(tbl)
	fmt.Print("\n" + startupBreakdown(win))
	step("done in %s", time.Since(started).Round(time.Second))

	if o.out == "" {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Run on %s by `make bench` (%s).\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), time.Since(started).Round(time.Second))
	for _, line := range machine(o.app) {
		fmt.Fprintf(&b, "- %s\n", line)
	}
	if len(o.env) > 0 {
		fmt.Fprintf(&b, "- Windows' extra environment: %s\n", o.env.String())
	}
	fmt.Fprintf(&b, "- Load average (1, 5, 15 min): %s at the start, %s at the end\n", loadStart, loadAverage())
	b.WriteString("\n" + tbl + "\n")
	fmt.Fprintf(&b, "Start-up: %d runs of each window, interleaved, after one uncounted warm-up each; "+
		"spawn → the bench reads the \"shown\" line (since_start_ms: the program's own count from Go's init). "+
		"Memory: PSS of the process and its WebKit processes %s after the first paint, median of the same runs. "+
		"Percentiles are nearest-rank; the latency targets apply to the median.\n\n", o.runs, o.settle)
	chart := filepath.Join(filepath.Dir(o.out), chartName)
	if err := os.WriteFile(chart, []byte(startupChart(win)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(&b, "![Start-up of both windows, spawn to first paint, every run](%s)\n\n", chartName)
	b.WriteString(startupBreakdown(win) + "\n" + memoryBreakdown(win) + "\n" + idleBreakdown(idle))
	return writeReport(o.out, b.String())
}

// chartName is the start-up chart's file, written beside the -out file.
const chartName = "benchmarks-startup.svg"

// probe runs a shell command in the app's environment, for profiling a figure by hand.
func probe(command string, env []string) error {
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

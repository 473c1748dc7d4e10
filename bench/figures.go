package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Targets: the window starts and idles like a bare Wails window, the commands like a
// program that only reads the keyring, and one refresh serves every caller (their rows
// in docs/benchmarks.md). Every ratio is taken between figures of the same run.
const (
	startupRatio  = 1.05 // app / bare window, medians of spawn → first paint
	memoryRatio   = 1.05 // app / bare window, PSS with the WebKit processes
	signInTarget  = 50 * time.Millisecond
	tokenRatio    = 1.15                  // token and status --json / the minimal go-keyring Get program
	refreshRatio  = 1.15                  // expired token / (the Get+Set program + the HTTP round trip)
	idleAllowance = 20 * time.Millisecond // over the bare window's, per minute of idle
)

// figures turns the measurements into the table's rows.
func figures(o options, win map[string]*windowRuns, idle map[string]map[string]time.Duration,
	signins []time.Duration, cmds commandFigures, inProc, crossProc []contention,
	appSize, bareSize, cliSize int64, benches []goBench) []row {
	app, bare := win["app"], win["bare"]
	var rows []row

	// 1. Start-up.
	ratio := float64(median(app.paint)) / float64(median(bare.paint))
	firsts := func(r *windowRuns, state string) row {
		res := fmt.Sprintf("%s in %d of %d runs", state, len(r.paint)-len(r.wrong), len(r.paint))
		if len(r.wrong) > 0 {
			res += "; others: " + strings.Join(r.wrong, ", ")
		}
		return row{"First screen painted, app (the stored session: signed in)", res, "every run", verdict(len(r.wrong) == 0)}
	}
	term := win["terminal"]
	tratio := float64(median(term.paint)) / float64(median(bare.paint))
	rows = append(rows,
		row{"Start-up to first paint, app (signed in) as the menu starts it (atomgit-login-window)", spread(app.paint), "", ""},
		row{"Start-up to first paint, bare window", spread(bare.paint), "", ""},
		row{"Start-up, app's own since_start_ms", fmt.Sprintf("median %s ms (bare %s ms)", ms(median(app.since)), ms(median(bare.since))), "", ""},
		row{"Start-up ratio app / bare (medians)", fmt.Sprintf("%.2f×", ratio), fmt.Sprintf("≤ %.2f×", startupRatio), verdict(ratio <= startupRatio)},
		row{"Start-up to first paint, app from a terminal (atomgit-login, which execs the window)",
			fmt.Sprintf("%s: %.2f× the bare window", spread(term.paint), tratio), "", info},
		firsts(app, "signed_in"),
	)
	same := win["bare-app-webkit"]
	if same != nil && len(same.paint) > 0 {
		rows = append(rows, row{"Start-up to first paint, bare window with the app's WebKit settings (for comparison)",
			fmt.Sprintf("%s: the app %.2f× this", spread(same.paint), float64(median(app.paint))/float64(median(same.paint))), "", info})
	}
	if len(term.wrong) > 0 {
		rows = append(rows, row{"First screen painted, app from a terminal", "others: " + strings.Join(term.wrong, ", "), "every run", verdict(false)})
	}

	// 2. Memory.
	am, bm := medianInt(app.pssKB), medianInt(bare.pssKB)
	mratio := float64(am) / float64(bm)
	rows = append(rows,
		row{fmt.Sprintf("Memory (PSS, %s after paint), app", o.settle), "median " + mb(am), "", ""},
		row{fmt.Sprintf("Memory (PSS, %s after paint), bare", o.settle), "median " + mb(bm), "", ""},
		row{"Memory ratio app / bare", fmt.Sprintf("%.2f× (%+.1f MB)", mratio, float64(am-bm)/1024), fmt.Sprintf("≤ %.2f×", memoryRatio), verdict(mratio <= memoryRatio)},
	)
	if same != nil && len(same.pssKB) > 0 {
		sm := medianInt(same.pssKB)
		rows = append(rows, row{fmt.Sprintf("Memory (PSS, %s after paint), bare window with the app's WebKit settings (for comparison)", o.settle),
			fmt.Sprintf("median %s: the app %.2f× this (%+.1f MB)", mb(sm), float64(am)/float64(sm), float64(am-sm)/1024), "", info})
	}

	// 3. Binary size.
	rows = append(rows,
		row{"Binary size, build/bin/atomgit-login-window (stripped)", mib(appSize), "", info},
		row{"Binary size, bare window (stripped)", fmt.Sprintf("%s (app %.2f×)", mib(bareSize), float64(appSize)/float64(bareSize)), "", info},
		row{"Binary size, build/bin/atomgit-login, the commands (stripped, no cgo)", mib(cliSize), "", info},
	)

	// 4. Sign-in latency.
	rows = append(rows, row{
		fmt.Sprintf("Sign-in: callback → signed in (exchange, user, keyring write), n=%d", len(signins)),
		fmt.Sprintf("median %s ms, p99 %s ms, max %s ms", ms(median(signins)), ms(percentile(signins, 99)), ms(percentile(signins, 100))),
		fmt.Sprintf("< %s ms", ms(signInTarget)), verdict(median(signins) < signInTarget),
	})

	// 5. The commands, against the minimal go-keyring programs of the same run.
	rows = append(rows, commandRows(cmds)...)

	// 6. Contention.
	refreshes := func(cs []contention) (string, bool, []time.Duration) {
		var counts []string
		ok := true
		var lat []time.Duration
		for _, c := range cs {
			counts = append(counts, fmt.Sprint(c.refreshes))
			ok = ok && c.refreshes == 1
			lat = append(lat, c.latency...)
		}
		return strings.Join(counts, ", "), ok, lat
	}
	counts, ok, lat := refreshes(inProc)
	rows = append(rows,
		row{fmt.Sprintf("Contention: %d concurrent Manager.Token at expiry: refreshes per round (%d rounds)", o.callers, len(inProc)),
			counts, "1 each", verdict(ok)},
		row{"Contention: Manager.Token latency, all rounds", fmt.Sprintf("median %s ms, p99 %s ms", ms(median(lat)), ms(percentile(lat, 99))), "", info},
	)
	counts, ok, lat = refreshes(crossProc)
	rows = append(rows,
		row{fmt.Sprintf("Contention: %d concurrent `token` processes at expiry: refreshes per round (%d rounds)", o.procs, len(crossProc)),
			counts, "1 each", verdict(ok)},
		row{"Contention: `token` process wall time, all rounds", fmt.Sprintf("median %s ms, p99 %s ms", ms(median(lat)), ms(percentile(lat, 99))), "", info},
	)

	// 7. Idle: the whole tree against the bare one's plus the allowance; the Go process
	// against the bare one's Go process.
	secs := func(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
	allow := time.Duration(float64(idleAllowance) * o.idle.Minutes())
	goApp, goBare := goProcess(idle["app"]), goProcess(idle["bare"])
	rows = append(rows,
		row{fmt.Sprintf("Idle CPU over %s, signed in (app + WebKit processes)", o.idle),
			fmt.Sprintf("app %s, bare %s", secs(sum(idle["app"])), secs(sum(idle["bare"]))),
			fmt.Sprintf("≤ bare + %s", secs(allow)), verdict(sum(idle["app"]) <= sum(idle["bare"])+allow)},
		row{fmt.Sprintf("Idle CPU over %s, the Go process alone", o.idle),
			fmt.Sprintf("app %s, bare %s", secs(goApp), secs(goBare)),
			"≤ bare", verdict(goApp <= goBare)},
	)

	// Go benchmarks.
	slices.SortFunc(benches, func(a, b goBench) int { return strings.Compare(a.pkg+a.name, b.pkg+b.name) })
	for _, b := range benches {
		rows = append(rows, row{
			fmt.Sprintf("go test -bench: %s.%s", b.pkg, b.name),
			fmt.Sprintf("%s ns/op, %d B/op, %d allocs/op", nsop(b.nsPerOp), b.bytesPerOp, b.allocsPerOp), "", info,
		})
	}
	for i := range rows {
		if rows[i].verdict == "" {
			rows[i].verdict = info
		}
	}
	return rows
}

// goProcess is the CPU time of the program itself: every process but WebKit's.
func goProcess(byName map[string]time.Duration) (t time.Duration) {
	for k, d := range byName {
		if !strings.HasPrefix(k, "WebKit") {
			t += d
		}
	}
	return t
}

func nsop(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// memoryBreakdown lists the median PSS of each process kind, for the report.
func memoryBreakdown(win map[string]*windowRuns) string {
	var b strings.Builder
	b.WriteString("Memory by process (median PSS):\n\n")
	for _, name := range []string{"app", "bare", "bare-app-webkit"} {
		r := win[name]
		if r == nil {
			continue
		}
		kinds := map[string][]int64{}
		for _, m := range r.byName {
			for k, v := range m {
				kinds[k] = append(kinds[k], v)
			}
		}
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(kinds)) {
			parts = append(parts, fmt.Sprintf("%s %s", k, mb(medianInt(kinds[k]))))
		}
		fmt.Fprintf(&b, "- %s: %s\n", name, strings.Join(parts, ", "))
	}
	return b.String()
}

// idleBreakdown lists the idle CPU time of each process, for the report.
func idleBreakdown(idle map[string]map[string]time.Duration) string {
	var b strings.Builder
	b.WriteString("Idle CPU by process:\n\n")
	for _, name := range []string{"app", "bare"} {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(idle[name])) {
			parts = append(parts, fmt.Sprintf("%s %.2f s", k, idle[name][k].Seconds()))
		}
		fmt.Fprintf(&b, "- %s: %s\n", name, strings.Join(parts, ", "))
	}
	return b.String()
}

// phaseNames describe startup.Phases for the breakdown, in order.
var phaseNames = []struct{ key, what string }{
	{"window", "Go start → window created (OnStartup)"},
	{"served", "→ index.html served by the asset server"},
	{"nav", "→ navigation started (performance.timeOrigin)"},
	{"html", "→ document received (responseEnd)"},
	{"script", "→ page script starts"},
	{"status", "→ first status in the script's hands"},
	{"render", "→ first screen's elements built"},
	{"layout", "→ first screen laid out (style, fonts, layout)"},
	{"frame", "→ first animation frame (style, layout and paint follow)"},
	{"paint", "→ first paint (second animation frame)"},
	{"since_start", "→ \"shown\" logged by Go (since_start_ms)"},
}

// startupBreakdown is the start of both windows phase by phase: the median of each mark,
// in ms since the program's Go start, and the app's lead or lag.
func startupBreakdown(win map[string]*windowRuns) string {
	app, bare := win["app"], win["bare"]
	app.phases["since_start"], bare.phases["since_start"] = app.since, bare.since
	cell := func(ds []time.Duration) string {
		if len(ds) == 0 {
			return "—"
		}
		return ms(median(ds))
	}
	var b strings.Builder
	b.WriteString("Start-up breakdown (median ms since each program's Go start; spawn → Go start is the exec and the\n" +
		"dynamic loader, which the since_start figures leave out):\n\n")
	b.WriteString("| Phase | app | bare | app − bare |\n| --- | ---: | ---: | ---: |\n")
	for _, p := range phaseNames {
		a, br := app.phases[p.key], bare.phases[p.key]
		diff := "—"
		if len(a) > 0 && len(br) > 0 {
			diff = fmt.Sprintf("%+d", (median(a) - median(br)).Milliseconds())
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", p.what, cell(a), cell(br), diff)
	}
	fmt.Fprintf(&b, "| spawn → \"shown\" read by the bench | %s | %s | %+d |\n",
		ms(median(app.paint)), ms(median(bare.paint)), (median(app.paint) - median(bare.paint)).Milliseconds())
	if term := win["terminal"]; term != nil && len(term.paint) > 0 {
		fmt.Fprintf(&b, "| spawn → \"shown\", started from a terminal (atomgit-login execs the window) | %s | %s | %+d |\n",
			ms(median(term.paint)), ms(median(bare.paint)), (median(term.paint) - median(bare.paint)).Milliseconds())
	}
	return b.String()
}

// commandRows are the commands' rows: token and status --json against the minimal
// go-keyring Get program, and an expired token's run in its parts.
func commandRows(f commandFigures) []row {
	get, none := median(f.paired["get"]), median(f.paired["none"])
	against := func(name, figure string) row {
		d := f.paired[name]
		r := float64(median(d)) / float64(get)
		return row{fmt.Sprintf("%s, valid token, whole process, n=%d", figure, len(d)),
			fmt.Sprintf("median %s ms, p99 %s ms: %.2f× the go-keyring Get program", ms(median(d)), ms(percentile(d, 99)), r),
			fmt.Sprintf("≤ %.2f×", tokenRatio), verdict(r <= tokenRatio)}
	}
	appNone, appGet := median(f.paired["app-none"]), median(f.paired["app-get"])
	// A refresh reads the record, reads it again under the lock, sends the request and
	// writes the new record. Its parts, all run interleaved with the expired runs after
	// the same rewrite: the app's own process start (its version command) and its keyring
	// calls (bench/appkeyring: each call's median less the one before); then the request
	// on a new connection, and the lock and signal (in-process). The rest is what none of
	// them accounts for. The floor: the minimal go-keyring program's same calls (Get, Get,
	// Set) and the request.
	due := f.due
	read1 := median(due["app-get"]) - median(due["app-none"])
	read2 := median(due["app-get2"]) - median(due["app-get"])
	write := median(due["app-refresh"]) - median(due["app-get2"])
	request := median(f.post) - median(f.start)
	floor := median(due["floor"]) + request
	run, start, lock := median(due["due"]), median(due["start"]), median(f.lock)
	rest := run - start - read1 - read2 - request - write - lock
	return []row{
		{fmt.Sprintf("Minimal go-keyring program (bench/keyringget): one Get, whole process, n=%d", len(f.paired["get"])),
			fmt.Sprintf("median %s ms (of which exec and Go's start %s ms)", ms(get), ms(none)), "", info},
		{fmt.Sprintf("The app's own keyring read (bench/appkeyring: internal/keyring's Get), whole process, n=%d", len(f.paired["app-get"])),
			fmt.Sprintf("median %s ms (of which exec and Go's start %s ms): the read itself %s ms against go-keyring's %s ms",
				ms(appGet), ms(appNone), ms(appGet-appNone), ms(get-none)), "", info},
		against("token", "`atomgit-login token`"),
		against("status", "`atomgit-login status --json`"),
		{fmt.Sprintf("`atomgit-login token`, expired token (refresh + keyring write), n=%d", len(due["due"])),
			fmt.Sprintf("median %s ms = process start %s (the Get program's %s) + keyring reads %s + %s + HTTP request (a new process's first) %s + "+
				"keyring write %s + lock and change signal %s + the rest %s ms",
				ms(run), ms(start), ms(none), ms(read1), ms(read2), ms(request), ms(write), ms(lock), ms(rest)),
			fmt.Sprintf("≤ %.2f× (Get, Get, Set program + request: %s ms)", refreshRatio, ms(floor)),
			verdict(float64(run) <= refreshRatio*float64(floor))},
	}
}

package main

import (
	"fmt"
	"io"
	"time"
)

// program is a Wails program to start: the app, or the bare window.
type program struct {
	name  string
	bin   string
	env   []string
	state string // the state whose first paint is timed
}

// windowRuns is what the start-up runs measured for one program.
type windowRuns struct {
	paint  []time.Duration // spawn → "shown" line read
	since  []time.Duration // since_start_ms as logged
	pssKB  []int64         // app + WebKit processes, settle after the first paint
	byName []map[string]int64
	phases map[string][]time.Duration // the program's start-up marks (startup.Phases), by phase
	wrong  []string                   // first screens painted that were not the wanted state
}

// startupRuns starts each program runs times, interleaved (app, bare, bare, app, …, so
// that neither always goes first), after one warm-up start each that is not counted
// (it fills the page cache). Each run: spawn, wait for the first paint, wait settle,
// read the memory of the process tree, close.
func startupRuns(progs []program, runs int, settle time.Duration, progress io.Writer) (map[string]*windowRuns, error) {
	out := map[string]*windowRuns{}
	for _, p := range progs {
		out[p.name] = &windowRuns{phases: map[string][]time.Duration{}}
		w, err := openWindow(p.bin, p.env, p.state, time.Minute)
		if err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
		w.stop()
	}
	for i := range runs {
		order := append([]program(nil), progs...)
		if i%2 == 1 {
			for l, r := 0, len(order)-1; l < r; l, r = l+1, r-1 {
				order[l], order[r] = order[r], order[l]
			}
		}
		for _, p := range order {
			w, err := openWindow(p.bin, p.env, p.state, time.Minute)
			if err != nil {
				return nil, fmt.Errorf("run %d: %w", i+1, err)
			}
			paint, since, phases := w.firstPaint()
			if first := w.firstScreen(); first != p.state {
				out[p.name].wrong = append(out[p.name].wrong, first)
			}
			time.Sleep(settle) // deliberate: the screen settles before memory is read
			total, byName, err := treeMemory(w.pid())
			w.stop()
			if err != nil {
				return nil, fmt.Errorf("run %d, %s: memory: %w", i+1, p.name, err)
			}
			r := out[p.name]
			r.paint = append(r.paint, paint)
			r.since = append(r.since, time.Duration(since)*time.Millisecond)
			r.pssKB = append(r.pssKB, total)
			r.byName = append(r.byName, byName)
			for k, v := range phases {
				r.phases[k] = append(r.phases[k], time.Duration(v)*time.Millisecond)
			}
			fmt.Fprintf(progress, "  run %2d %-5s first paint %4d ms (since_start %4d ms), PSS %5.1f MB\n",
				i+1, p.name, paint.Milliseconds(), since, float64(total)/1024)
		}
	}
	return out, nil
}

// idleCPU opens every program at once, lets them settle, then measures the CPU time
// (user + system, the process and its WebKit processes) each uses over span.
func idleCPU(progs []program, settle, span time.Duration) (map[string]map[string]time.Duration, error) {
	var ws []*window
	defer func() {
		for _, w := range ws {
			w.stop()
		}
	}()
	for _, p := range progs {
		w, err := openWindow(p.bin, p.env, p.state, time.Minute)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	time.Sleep(settle) // deliberate: start-up work is over
	before := make([]map[string]time.Duration, len(ws))
	for i, w := range ws {
		before[i] = treeCPU(w.pid())
	}
	time.Sleep(span) // deliberate: the idle window
	out := map[string]map[string]time.Duration{}
	for i, w := range ws {
		select {
		case <-w.done:
			return nil, fmt.Errorf("%s exited during the idle window; its log:\n%s", progs[i].name, w.logText())
		default:
		}
		used := treeCPU(w.pid())
		for k, d := range before[i] {
			used[k] -= d
		}
		out[progs[i].name] = used
	}
	return out, nil
}

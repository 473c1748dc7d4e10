// Package startup times the phases of the window's start, for the start-up benchmark
// (bench/, docs/benchmarks.md): the Go side's own marks (the window exists, the page was
// served) and the page's (navigation, script, first status, first paint), all as
// milliseconds since the program's start. The app and the bare window (bench/bare) log
// them the same way, so that the bench can set them side by side.
package startup

import (
	"log/slog"
	"math"
	"sync"
	"time"
)

// Phases are the marks, in the order a start passes them:
//   - window: OnStartup ran, the window exists (Go);
//   - served: the asset server answered index.html (Go; the app only);
//   - nav: the page's navigation started (performance.timeOrigin);
//   - html: the page's document had arrived (Navigation Timing's responseEnd);
//   - script: the page's script began to run;
//   - status: the first status was in the script's hands (the app only);
//   - render: the first screen's elements were built (the app only);
//   - layout: the first screen was laid out: style, fonts and layout (the app only);
//   - frame: the first animation frame, before the first paint (style and layout follow);
//   - paint: two animation frames after the first render, i.e. after its first paint.
var Phases = []string{"window", "served", "nav", "html", "script", "status", "render", "layout", "frame", "paint"}

// Clock holds a start's marks. Its methods are safe for concurrent use.
type Clock struct {
	at  time.Time
	now func() time.Time // time.Now; tests move it

	mu    sync.Mutex // guards marks
	marks map[string]time.Duration
}

// New is a Clock for a program that started at at.
func New(at time.Time) *Clock {
	return &Clock{at: at, now: time.Now, marks: map[string]time.Duration{}}
}

// Mark records a Go-side phase now; only the first mark of each name counts.
func (c *Clock) Mark(name string) {
	d := c.now().Sub(c.at)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.marks[name]; !ok {
		c.marks[name] = d
	}
}

// Attrs are the log attributes of a "shown" line: since_start_ms, then each known phase
// as <phase>_ms. page holds the page's marks as Unix times in milliseconds (JavaScript's
// performance.timeOrigin + performance.now()); unknown names, and times that are not
// within the program's life, are left out. Without page marks (a later screen's call)
// there is only since_start_ms.
func (c *Clock) Attrs(page map[string]float64) []any {
	now := c.now().Sub(c.at)
	attrs := []any{"since_start_ms", now.Milliseconds()}
	if len(page) == 0 {
		return attrs
	}
	c.mu.Lock()
	marks := make(map[string]time.Duration, len(c.marks)+len(page))
	for k, v := range c.marks {
		marks[k] = v
	}
	c.mu.Unlock()
	startMs := float64(c.at.UnixNano()) / 1e6
	for k, v := range page {
		d := v - startMs
		if _, ok := marks[k]; ok || math.IsNaN(d) || d < 0 || d > float64(now.Milliseconds())+1 {
			continue
		}
		marks[k] = time.Duration(d * float64(time.Millisecond))
	}
	for _, p := range Phases {
		if d, ok := marks[p]; ok {
			attrs = append(attrs, slog.Int64(p+"_ms", d.Milliseconds()))
		}
	}
	return attrs
}

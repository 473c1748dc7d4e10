package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// startupChart draws both windows' start-up times (spawn → first paint) as an SVG strip
// chart: one row per window, a dot per run, the box from the first to the third quartile
// and a bar at the median.
func startupChart(win map[string]*windowRuns) string {
	const (
		width, left, right = 640.0, 70.0, 20.0
		rowH, top          = 44.0, 16.0
	)
	names := []string{"app", "bare"}
	hi := time.Duration(0)
	for _, n := range names {
		for _, d := range win[n].paint {
			hi = max(hi, d)
		}
	}
	step := 100.0 // ms between grid lines
	maxMs := math.Ceil(float64(hi.Milliseconds())/step) * step
	if maxMs == 0 {
		maxMs = step
	}
	x := func(d time.Duration) float64 {
		return left + (width-left-right)*float64(d.Milliseconds())/maxMs
	}
	height := top + rowH*float64(len(names)) + 34
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	axisY := top + rowH*float64(len(names))
	for v := 0.0; v <= maxMs; v += step {
		px := left + (width-left-right)*v/maxMs
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e5e7eb"/>`+"\n", px, top-6, px, axisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">%.0f</text>`+"\n", px, axisY+14, v)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">ms from spawn to first paint (each dot a run; box: quartiles; bar: median)</text>`+"\n", left+(width-left-right)/2, axisY+30)
	colour := map[string]string{"app": "#e5503a", "bare": "#3a6fe5"}
	for i, n := range names {
		r := win[n].paint
		if len(r) == 0 {
			continue
		}
		cy := top + rowH*float64(i) + rowH/2
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", left-10, cy, n)
		q1, q3 := percentile(r, 25), percentile(r, 75)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.15" stroke="%s"/>`+"\n",
			x(q1), cy-12, math.Max(x(q3)-x(q1), 1), 24.0, colour[n], colour[n])
		m := median(r)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", x(m), cy-14, x(m), cy+14, colour[n])
		for _, d := range r {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s" fill-opacity="0.6"/>`+"\n", x(d), cy, colour[n])
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="%s">%s ms</text>`+"\n", x(m)+4, cy-16, colour[n], ms(m))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

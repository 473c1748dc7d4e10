package startup

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAttrs(t *testing.T) {
	at := time.Now().Add(-500 * time.Millisecond)
	c := New(at)
	now := at.Add(120 * time.Millisecond)
	c.now = func() time.Time { return now }
	c.Mark("window")
	now = at.Add(400 * time.Millisecond)
	c.Mark("window") // only the first counts
	now = at.Add(500 * time.Millisecond)
	startMs := float64(at.UnixNano()) / 1e6
	page := map[string]float64{
		"script": startMs + 300,
		"nav":    startMs + 250,
		"paint":  startMs + 450,
		"bogus":  startMs + 100,   // not a phase
		"status": startMs - 10,    // before the start
		"html":   startMs + 60000, // after now
	}
	got := fmt.Sprint(c.Attrs(page)...)
	for _, want := range []string{"since_start_ms500", "window_ms=120", "nav_ms=250", "script_ms=300", "paint_ms=450"} {
		if !strings.Contains(got, want) {
			t.Errorf("Attrs = %q, want it to contain %q", got, want)
		}
	}
	for _, unwanted := range []string{"bogus", "status_ms", "html_ms"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("Attrs = %q, want no %q", got, unwanted)
		}
	}
	if i, j := strings.Index(got, "window_ms"), strings.Index(got, "nav_ms"); i > j {
		t.Errorf("Attrs = %q: phases out of order", got)
	}
	if got := fmt.Sprint(c.Attrs(nil)...); !strings.HasPrefix(got, "since_start_ms") || strings.Contains(got, "window_ms") {
		t.Errorf("Attrs(nil) = %q, want since_start_ms alone", got)
	}
}

package main

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// row is one line of the table.
type row struct {
	figure, result, target, verdict string
}

const (
	pass = "pass"
	miss = "MISS"
	info = "—"
)

func verdict(ok bool) string {
	if ok {
		return pass
	}
	return miss
}

// table renders rows as a Markdown table (readable as plain text too).
func table(rows []row) string {
	head := row{"Figure", "Result", "Target", "Verdict"}
	all := append([]row{head}, rows...)
	width := [4]int{}
	for _, r := range all {
		for i, c := range []string{r.figure, r.result, r.target, r.verdict} {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	line := func(cells [4]string) {
		b.WriteString("|")
		for i, c := range cells {
			fmt.Fprintf(&b, " %s%s |", c, strings.Repeat(" ", width[i]-len([]rune(c))))
		}
		b.WriteString("\n")
	}
	for i, r := range all {
		line([4]string{r.figure, r.result, r.target, r.verdict})
		if i == 0 {
			var sep [4]string
			for j := range sep {
				sep[j] = strings.Repeat("-", width[j])
			}
			line(sep)
		}
	}
	return b.String()
}

// Statistics over a sample. Percentiles are nearest-rank.

func sorted(xs []time.Duration) []time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

func percentile(xs []time.Duration, p float64) time.Duration {
	s := sorted(xs)
	if len(s) == 0 {
		return 0
	}
	i := int(float64(len(s))*p/100+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func median(xs []time.Duration) time.Duration {
	s := sorted(xs)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianInt(xs []int64) int64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func mb(kb int64) string { return strconv.FormatFloat(float64(kb)/1024, 'f', 1, 64) + " MB" }

func mib(bytes int64) string {
	return strconv.FormatFloat(float64(bytes)/(1<<20), 'f', 1, 64) + " MiB"
}

// spread describes a sample of start-up times: median, min–max and the quartiles.
func spread(xs []time.Duration) string {
	s := sorted(xs)
	return fmt.Sprintf("median %s ms (min %s, IQR %s–%s, max %s; n=%d)",
		ms(median(s)), ms(s[0]), ms(percentile(s, 25)), ms(percentile(s, 75)), ms(s[len(s)-1]), len(s))
}

// machine describes where the bench ran.
func machine(appBin string) []string {
	var out []string
	cpu, threads := "", 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "model name":
				if cpu == "" {
					cpu = strings.TrimSpace(v)
				}
			case "processor":
				threads++
			}
		}
	}
	out = append(out, fmt.Sprintf("CPU: %s; %d logical CPUs online, %d usable by the bench", cpu, threads, runtime.NumCPU()))
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
				out = append(out, fmt.Sprintf("Memory: %.1f GiB", float64(kb)/(1<<20)))
			}
		}
	}
	osName := ""
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				osName = strings.Trim(v, `"`)
			}
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	out = append(out, fmt.Sprintf("System: %s, Linux %s", osName, strings.TrimSpace(string(kernel))))
	goVer, wails := runtime.Version(), "?"
	if bi, err := buildinfo.ReadFile(appBin + "-window"); err == nil { // the build that links Wails
		goVer = bi.GoVersion
		for _, d := range bi.Deps {
			if d.Path == "github.com/wailsapp/wails/v2" {
				wails = d.Version
			}
		}
	}
	out = append(out, fmt.Sprintf("Go: %s; Wails %s; WebKitGTK %s (webkit2gtk-4.1); GTK %s",
		goVer, wails, command("pkg-config", "--modversion", "webkit2gtk-4.1"), command("pkg-config", "--modversion", "gtk+-3.0")))
	out = append(out, fmt.Sprintf("Keyring: %s; display: Xvfb %s", command("gnome-keyring-daemon", "--version"), os.Getenv("DISPLAY")))
	// The version as the app shows it (scripts/version, the one rule).
	out = append(out, fmt.Sprintf("Version: %s", command("scripts/version")))
	return out
}

// command runs a command and returns its first output line, or "?".
func command(name string, args ...string) string {
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		return "?"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return line
}

// Markers of the generated part of docs/benchmarks.md; the rest is written by hand.
const (
	beginMark = "<!-- bench:begin (written by make bench; edit outside the markers) -->"
	endMark   = "<!-- bench:end -->"
)

// writeReport replaces the generated part of path with body, keeping what is outside the
// markers; a missing file is created with a title.
func writeReport(path, body string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	gen := beginMark + "\n" + body + endMark
	s := string(old)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	switch {
	case i >= 0 && j > i:
		s = s[:i] + gen + s[j+len(endMark):]
	case s == "":
		s = "# Benchmarks\n\n" + gen + "\n"
	default:
		s = strings.TrimRight(s, "\n") + "\n\n" + gen + "\n"
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

// loadAverage is /proc/loadavg's first three fields: how busy the machine was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

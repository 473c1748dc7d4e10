package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// goBench is one line of `go test -bench -benchmem` output.
type goBench struct {
	pkg, name   string
	nsPerOp     float64
	bytesPerOp  int64
	allocsPerOp int64
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op\s+(\d+) allocs/op`)

// goBenchmarks runs the Go benchmarks of pkgs (with the integration tag, so that those
// that need the real keyring run too: the bench runs inside scripts/with-keyring).
func goBenchmarks(pkgs ...string) ([]goBench, error) {
	args := append([]string{"test", "-tags", "integration", "-run", "^$", "-bench", ".", "-benchmem", "-count", "1"}, pkgs...)
	cmd := exec.Command("go", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	var res []goBench
	pkg := ""
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndexByte(p, '/')+1:]
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		b := goBench{pkg: pkg, name: m[1]}
		b.nsPerOp, _ = strconv.ParseFloat(m[2], 64)
		b.bytesPerOp, _ = strconv.ParseInt(m[3], 10, 64)
		b.allocsPerOp, _ = strconv.ParseInt(m[4], 10, 64)
		res = append(res, b)
	}
	if len(res) == 0 {
		return nil, fmt.Errorf("no benchmark results in:\n%s", out.String())
	}
	return res, nil
}

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The bench is a child subreaper: the WebKit processes that a window leaves behind when
// it exits are re-parented to it, so it can wait for them (and kill any that linger)
// instead of leaving them to an init that may not reap.
func becomeSubreaper() error {
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %w", errno)
	}
	return nil
}

// procStat is what /proc/PID/stat says of one process.
type procStat struct {
	pid, ppid   int
	comm        string
	utime, stim uint64 // clock ticks
}

func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// comm is in parentheses and may hold spaces: split after the last ')'.
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(string(b[end+1:]))
	if len(f) < 13 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	// After comm: state(0) ppid(1) … utime(11) stime(12).
	s := procStat{pid: pid, comm: string(b[open+1 : end])}
	s.ppid, _ = strconv.Atoi(f[1])
	s.utime, _ = strconv.ParseUint(f[11], 10, 64)
	s.stim, _ = strconv.ParseUint(f[12], 10, 64)
	return s, nil
}

// tree is root and every live descendant of it, root first.
func tree(root int) []procStat {
	ents, _ := os.ReadDir("/proc")
	children := map[int][]procStat{}
	var rootStat *procStat
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		s, err := readStat(pid)
		if err != nil {
			continue
		}
		if pid == root {
			rootStat = &s
		}
		children[s.ppid] = append(children[s.ppid], s)
	}
	if rootStat == nil {
		return nil
	}
	out := []procStat{*rootStat}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i].pid]...)
	}
	return out
}

// pssKB is the proportional set size of pid, from /proc/PID/smaps_rollup.
func pssKB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Pss:"); ok {
			kb := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB"))
			return strconv.ParseInt(kb, 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/smaps_rollup: no Pss line", pid)
}

// treeMemory is the PSS of root and its descendants, in total and by process name.
func treeMemory(root int) (totalKB int64, byName map[string]int64, err error) {
	byName = map[string]int64{}
	procs := tree(root)
	if len(procs) == 0 {
		return 0, nil, fmt.Errorf("process %d is gone", root)
	}
	for _, p := range procs {
		kb, err := pssKB(p.pid)
		if err != nil {
			return 0, nil, err
		}
		totalKB += kb
		byName[p.comm] += kb
	}
	return totalKB, byName, nil
}

// clockTick is USER_HZ: 100 on every Linux that Go runs on.
const clockTick = 100

// treeCPU is the CPU time (user + system) root and its descendants have used so far, by
// process name.
func treeCPU(root int) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, p := range tree(root) {
		out[p.comm] += time.Duration(p.utime+p.stim) * time.Second / clockTick
	}
	return out
}

func sum(m map[string]time.Duration) (t time.Duration) {
	for _, d := range m {
		t += d
	}
	return t
}

// reap waits for the given (former) descendants, which the subreaper inherits when their
// parent exits; after limit it kills those left and reaps them. Processes that are not
// our children (already reaped by their parent) are skipped.
func reap(pids []int, limit time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, pid := range pids {
			var ws syscall.WaitStatus
			for {
				_, err := syscall.Wait4(pid, &ws, 0, nil)
				if err != syscall.EINTR {
					break
				}
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(limit):
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		<-done
	}
}

// killOrphans kills and reaps every process re-parented to us that we did not start
// through os/exec (called last, when no command of ours is running).
func killOrphans() {
	self := os.Getpid()
	for _, p := range tree(self)[1:] {
		if p.ppid == self {
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(p.pid, &ws, 0, nil)
		}
	}
}

// exeName is the base name of a path, for messages.
func exeName(path string) string { return filepath.Base(path) }

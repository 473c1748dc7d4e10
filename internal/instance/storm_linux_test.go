package instance

import (
	"bufio"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The window's socket answers again after a storm of connections has used up its file
// descriptors: an accept that fails for want of one (EMFILE) is retried, not the end of
// serving. The window is a helper process whose descriptor limit is lowered to a few
// more than it has open; idle connections use them up.
func TestTheSocketAnswersAfterADescriptorStorm(t *testing.T) {
	at := place(t)
	cmd, logs := startHolder(t, at)
	fds, err := os.ReadDir("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	limit := unix.Rlimit{Cur: uint64(len(fds) + 4), Max: uint64(len(fds) + 4)}
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_NOFILE, &limit, nil); err != nil {
		t.Fatal(err)
	}
	var storm []net.Conn
	defer func() {
		for _, c := range storm {
			c.Close()
		}
	}()
	for range 50 { // idle: the window waits for their requests, each on a descriptor
		c, err := net.Dial("unix", at.Socket)
		if err != nil {
			t.Fatal(err)
		}
		storm = append(storm, c)
	}
	sc := bufio.NewScanner(logs)
	for !strings.Contains(sc.Text(), "too many open files") {
		if !sc.Scan() {
			t.Fatalf("the window ended without reporting the storm: %v", sc.Err())
		}
	}
	go func() { // the rest of the log, so that the helper never blocks writing it
		for sc.Scan() {
		}
	}()
	for _, c := range storm {
		c.Close()
	}
	storm = nil
	if err := Raise(testContext(t), at); err != nil {
		t.Fatalf("raise after the storm: %v", err)
	}
}

package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// errNoProc reports that /proc cannot tell about a process.
var errNoProc = errors.New("process status unavailable")

// procStat is what /proc/<pid>/stat says about a process: its state letter
// (field 3) and its start time in clock ticks since boot (field 22).
type procStat struct {
	State byte
	Start int64
}

func readProcStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, fmt.Errorf("read status of pid %d: %w", pid, err)
	}
	// The command name (field 2) is in parentheses and may hold spaces or
	// parentheses itself; the fields after the last ')' are plain.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("read status of pid %d: %w", pid, errNoProc)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 || len(f[0]) != 1 {
		return procStat{}, fmt.Errorf("read status of pid %d: %w", pid, errNoProc)
	}
	start, err := strconv.ParseInt(f[19], 10, 64)
	if err != nil {
		return procStat{}, fmt.Errorf("read status of pid %d: start time: %w", pid, err)
	}
	return procStat{State: f[0][0], Start: start}, nil
}

// processStart returns a process's start time in clock ticks since boot.
func processStart(pid int) (int64, error) {
	st, err := readProcStat(pid)
	return st.Start, err
}

// processAlive reports whether pid is a running process of this host that
// started at start (0: start time unknown). A zombie (exited, not yet reaped)
// is dead; a pid whose start time differs is a reused pid, so the recorded
// process is dead too. Without /proc it falls back to kill(pid, 0).
func processAlive(pid int, start int64) bool {
	st, err := readProcStat(pid)
	if err != nil {
		// Not readable (gone, or hidden: /proc mounted with hidepid shows
		// another user's live process as missing): only the kernel's answer
		// to signal 0 tells; ESRCH alone means dead.
		return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
	}
	if st.State == 'Z' || st.State == 'X' {
		return false
	}
	return start == 0 || st.Start == start
}

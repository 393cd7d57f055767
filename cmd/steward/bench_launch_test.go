package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// launchEnv turns the test binary into a small launcher: it runs the command
// in its arguments and prints the child's wall time and rusage as JSON. On
// Linux a child started from a process carries that process's RSS high-water
// mark into its own (exec takes over the old address space's peak), so a
// steward started straight from the benchmark, which holds every pre-rendered
// page, would report the benchmark's peak instead of its own.
const launchEnv = "STEWARD_BENCH_LAUNCH"

func init() {
	if os.Getenv(launchEnv) == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	_ = json.NewEncoder(os.Stdout).Encode(launched{Wall: wall, User: time.Duration(ru.Utime.Nano()), Sys: time.Duration(ru.Stime.Nano()), MaxRSSKB: ru.Maxrss})
	if err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// launched is what the launcher reports of its child.
type launched struct {
	Wall, User, Sys time.Duration
	MaxRSSKB        int64
}

// launch runs bin with args through the launcher.
func launch(b *testing.B, bin string, args ...string) launched {
	b.Helper()
	cmd := exec.Command(os.Args[0], append([]string{bin}, args...)...)
	cmd.Env = append(os.Environ(), launchEnv+"=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v\n%s", bin, args, err, errOut.String())
	}
	var l launched
	if err := json.Unmarshal(out.Bytes(), &l); err != nil {
		b.Fatalf("launcher output %q: %v", out.String(), err)
	}
	return l
}

package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profileEnv names the file a CPU profile of the whole process is written to
// when set (STEWARD_CPUPROFILE=cpu.out steward run products): for measuring
// where a run's time goes; `go tool pprof steward cpu.out` reads it.
const profileEnv = "STEWARD_CPUPROFILE"

// startProfile starts the CPU profile profileEnv asks for and returns the
// function that stops it; both do nothing when it is unset.
func startProfile() (stop func(), err error) {
	path := os.Getenv(profileEnv)
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", profileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", profileEnv, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

package main

import (
	"os"
	"runtime/debug"
)

// ownProcess is set by main: the process is the steward binary, not a test
// calling commands in its own process, whose collector is left alone.
var ownProcess bool

// Garbage collector settings for running jobs. An extract allocates
// much short-lived memory (pages, records, payloads, rows) around a small
// live heap, so collecting at 5x the live heap instead of 2x cuts the
// collector's CPU by about a quarter of a run's total; the soft memory
// limit keeps the heap (and so the peak RSS) bounded whatever the row
// count: past it the collector runs as often as it must.
const (
	batchGCPercent   = 400
	batchMemoryLimit = 192 << 20
)

// batchGC applies the settings for running jobs, unless GOGC or GOMEMLIMIT
// in the environment says otherwise.
func batchGC() {
	if !ownProcess {
		return
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(batchGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
}

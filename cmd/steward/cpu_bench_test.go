package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStewardCPU is the hot-path yardstick: one full products extract
// (fetch, decode, map, stage, Parquet) of STEWARD_BENCH_PRODUCTS products
// (default 200,000) by the real binary on fresh state, without the
// products job's quality stage (rules and description drafts), reporting the child's
// CPU time (user+sys, from rusage) per record and its peak RSS. The emulator
// runs in the test process, so its CPU is not counted. STEWARD_CPUPROFILE is
// passed to the child, which then writes its CPU profile there.
//
//	STEWARD_BENCH_PRODUCTS=200000 go test -run '^$' -bench StewardCPU -benchtime 1x ./cmd/steward
func BenchmarkStewardCPU(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_PRODUCTS")); err == nil {
		n = v
	}
	bin := cpuBenchBinary(b)
	for range b.N {
		_, cfg := startSandbox(b, n, 1)
		withoutQuality(b, cfg)
		start := time.Now()
		cmd := exec.Command(bin, "run", "products", "--config", cfg, "--log-level", "warn")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("full run: %v\n%s", err, out)
		}
		wall := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		perRec := float64(cpu.Microseconds()) / float64(n)
		rss := float64(ru.Maxrss) / 1024
		fmt.Printf("\nsteward run products, %d products: wall %s, cpu %s (user %s, sys %s), %.1f µs/record, %.0f records/s, peak RSS %.0f MB\n",
			n, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), time.Duration(ru.Utime.Nano()).Round(time.Millisecond),
			time.Duration(ru.Stime.Nano()).Round(time.Millisecond), perRec, float64(n)/wall.Seconds(), rss)
		b.ReportMetric(perRec, "µs-cpu/record")
		b.ReportMetric(rss, "MB-peak-RSS")
		b.ReportMetric(float64(n)/wall.Seconds(), "records/s")
	}
}

// withoutQuality removes the products job's quality section (the last
// section of the sandbox config), so that the run is the extract alone.
func withoutQuality(b *testing.B, cfg string) {
	b.Helper()
	text, err := os.ReadFile(cfg)
	if err != nil {
		b.Fatal(err)
	}
	i := strings.LastIndex(string(text), "\n    quality:\n")
	if i < 0 || !strings.Contains(string(text[:i]), "name: products") {
		b.Fatalf("%s: no quality section in the products job", cfg)
	}
	if err := os.WriteFile(cfg, text[:i+1], 0o644); err != nil {
		b.Fatal(err)
	}
}

// cpuBenchBinary builds the steward binary the benchmark runs.
func cpuBenchBinary(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "steward")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return path
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// BenchmarkPipeline is the performance benchmark of docs/PERFORMANCE.md. For
// STEWARD_BENCH_PRODUCTS products (default 1,000,000) it renders the Akeneo
// emulator's pages once into a static server, then measures in one run: the
// real limits, which no work of steward's is part of (the page server, read
// by a plain HTTP client one page at a time without decoding; SQLite, a
// plain prepared insert committing every 100 rows with synchronous=FULL, as
// the no-loss invariant requires per page); steward's other stages alone
// (fetch + decode + map by the extractor from the static server, the Parquet
// snapshot); the real binary's full products run against the static server
// on fresh state without quality stage (records/s, ÷ the slowest real limit,
// CPU per record from the child's rusage, peak RSS); an incremental rerun
// with nothing changed; and the full run at a tenth of the size, for RSS.
//
//	go test -run '^$' -bench Pipeline -benchtime 1x -timeout 60m ./cmd/steward
func BenchmarkPipeline(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_PRODUCTS")); err == nil {
		n = v
	}
	bin := plainBinary(b)
	for range b.N {
		pim := startStaticPIM(b, n)
		limit := pim.readRate(b, n)
		full := benchRun(b, bin, pim, n)
		fetch := stageFetch(b, pim, n)
		insert := stageSQLite(b, n)
		snap := stageParquet(b, n)
		small := benchRun(b, bin, startStaticPIM(b, n/10), n/10)
		e2e := float64(n) / full.full.Seconds()
		real := min(limit, insert)
		fmt.Printf("\nsteward pipeline benchmark, %d products, static page server (2 cores)\n", n)
		fmt.Printf("  real limit: page server (plain client, no decoding): %8.0f records/s\n", limit)
		fmt.Printf("  real limit: SQLite insert, prepared, 100 rows/tx:    %8.0f records/s  (%.1f µs/record)\n", insert, 1e6/insert)
		fmt.Printf("  end to end (steward run products, fresh state): %8.0f records/s  (%s)\n", e2e, full.full.Round(time.Millisecond))
		fmt.Printf("  end to end ÷ slowest real limit:                %8.1f %%  (÷ page server alone %.1f %%)\n", 100*e2e/real, 100*e2e/limit)
		fmt.Printf("  steward CPU per record (user+sys):              %8.1f µs  (user %.1f, sys %.1f)\n", full.cpuPer(n), full.user.Seconds()*1e6/float64(n), full.sys.Seconds()*1e6/float64(n))
		fmt.Printf("  page server CPU per record during that run:     %8.1f µs\n", full.serverCPU.Seconds()*1e6/float64(n))
		fmt.Printf("  stage: fetch + decode + map (extractor):        %8.0f records/s  (%.1f µs/record)\n", fetch, 1e6/fetch)
		fmt.Printf("  stage: Parquet snapshot write:                  %8.0f records/s  (%.1f µs/record)\n", snap, 1e6/snap)
		fmt.Printf("  peak RSS of steward: %d products %.0f MB, %d products %.0f MB\n", n/10, small.rssMB, n, full.rssMB)
		fmt.Printf("  incremental rerun, nothing changed: %s, %d rows staged, %d records re-read (overlap window)\n",
			full.rerun.Round(time.Millisecond), full.rerunStaged, full.rerunRead)
		b.ReportMetric(e2e, "records/s")
		b.ReportMetric(100*e2e/real, "%-of-slowest-real-limit")
		b.ReportMetric(full.cpuPer(n), "µs-CPU/record")
		b.ReportMetric(full.rssMB, "MB-peak-RSS")
		b.ReportMetric(full.rerun.Seconds(), "s-rerun")
	}
}

type benchResult struct {
	full, rerun            time.Duration
	user, sys, serverCPU   time.Duration
	rssMB                  float64
	rerunStaged, rerunRead int
}

// cpuPer is the child's CPU time per record, in µs.
func (r benchResult) cpuPer(n int) float64 { return (r.user + r.sys).Seconds() * 1e6 / float64(n) }

func plainBinary(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "steward")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return path
}

// benchRun runs the binary on fresh state against pim's n products: the full
// pass, then a rerun.
func benchRun(b *testing.B, bin string, pim *staticPIM, n int) benchResult {
	b.Helper()
	cfg := writeBenchConfig(b, pim.URL)
	var res benchResult
	self := selfCPU()
	run := launch(b, bin, "run", "products", "--config", cfg, "--log-level", "warn")
	res.serverCPU = selfCPU() - self
	res.full, res.user, res.sys, res.rssMB = run.Wall, run.User, run.Sys, float64(run.MaxRSSKB)/1024
	if m := pim.misses.Load(); m > 0 {
		b.Fatalf("the full run asked for %d product pages that were not pre-rendered", m)
	}
	res.rerun = launch(b, bin, "run", "products", "--config", cfg, "--log-level", "warn").Wall
	st, err := store.Open(context.Background(), filepath.Join(filepath.Dir(cfg), "state", "steward.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	last, _, _ := st.LastRun(context.Background(), "products")
	if first, _ := st.ListRuns(context.Background(), "products", 2); len(first) == 2 && first[1].Read != n {
		b.Fatalf("the full run read %d of %d products", first[1].Read, n)
	}
	res.rerunStaged, res.rerunRead = last.Staged, last.Read
	return res
}

// selfCPU is this process's CPU time so far (the static page server runs here).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeBenchConfig writes a steward.yaml reading products from the PIM at
// base serially (the static server holds one chain), without quality stage.
func writeBenchConfig(b *testing.B, base string) string {
	b.Helper()
	dir := b.TempDir()
	for name, v := range map[string]string{"secret": benchCreds.Secret, "password": benchCreds.Password} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v+"\n"), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	text := fmt.Sprintf(`version: 1
staging: {sqlite: %[1]s/state/steward.db, parquet_dir: %[1]s/state/parquet}
systems:
  pim:
    kind: akeneo
    base_url: %[2]s
    allow_insecure_loopback: true
    auth: {type: akeneo_password, client_id: %[3]s, client_secret_file: %[1]s/secret, username: %[4]s, password_file: %[1]s/password}
    settings: {partitions: 1}
jobs:
  - name: products
    data_type: products
    cadence: "30 2 * * *"
    extract: {system: pim, entity: products, mode: incremental, cursor_field: updated, overlap: 10m, page_size: 100}
`, dir, base, benchCreds.ClientID, benchCreds.Username)
	path := filepath.Join(dir, "steward.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

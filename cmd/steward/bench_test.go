package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load/parquet"
	"github.com/stewardhq/steward/transform"
)

// BenchmarkPipeline is the performance benchmark of docs/PERFORMANCE.md:
// a full extract of STEWARD_BENCH_PRODUCTS products (default 1,000,000) from
// the Akeneo emulator over loopback into staging and Parquet by the real
// binary, compared in the same run with the raw rate of each single stage for
// the same records; then an incremental rerun with nothing changed; then the
// same full extract at a tenth of the size, for the RSS comparison.
//
//	go test -run '^$' -bench Pipeline -benchtime 1x -timeout 60m ./cmd/steward
func BenchmarkPipeline(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_PRODUCTS")); err == nil {
		n = v
	}
	bin := plainBinary(b)
	for range b.N {
		full := benchRun(b, bin, n)
		small := benchRun(b, bin, n/10)
		fetch := stageFetch(b, n)
		insert := stageSQLite(b, n)
		snap := stageParquet(b, n)
		slowest := min(fetch, insert, snap)
		e2e := float64(n) / full.full.Seconds()
		fmt.Printf("\nsteward pipeline benchmark, %d products (2 cores)\n", n)
		fmt.Printf("  end to end (steward run products, fresh state): %8.0f records/s  (%s)\n", e2e, full.full.Round(time.Millisecond))
		fmt.Printf("  stage: fetch+decode+map from the emulator:      %8.0f records/s\n", fetch)
		fmt.Printf("  stage: SQLite insert, prepared, 100 rows/tx:    %8.0f records/s\n", insert)
		fmt.Printf("  stage: Parquet snapshot write:                  %8.0f records/s\n", snap)
		fmt.Printf("  end to end ÷ slowest stage:                     %8.1f %%\n", 100*e2e/slowest)
		fmt.Printf("  peak RSS of steward: %d products %.0f MB, %d products %.0f MB\n", n/10, small.rssMB, n, full.rssMB)
		fmt.Printf("  incremental rerun, nothing changed: %s, %d rows staged, %d records re-read (overlap window)\n",
			full.rerun.Round(time.Millisecond), full.rerunStaged, full.rerunRead)
		b.ReportMetric(e2e, "records/s")
		b.ReportMetric(100*e2e/slowest, "%-of-slowest-stage")
		b.ReportMetric(full.rssMB, "MB-peak-RSS")
		b.ReportMetric(full.rerun.Seconds(), "s-rerun")
	}
}

type benchResult struct {
	full, rerun            time.Duration
	rssMB                  float64
	rerunStaged, rerunRead int
}

func plainBinary(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "steward")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return path
}

// benchRun runs the binary on a fresh sandbox of n products, twice.
func benchRun(b *testing.B, bin string, n int) benchResult {
	b.Helper()
	_, cfg := startSandbox(b, n, 1)
	var res benchResult
	start := time.Now()
	cmd := exec.Command(bin, "run", "products", "--config", cfg, "--log-level", "warn")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("full run: %v\n%s", err, out)
	}
	res.full = time.Since(start)
	res.rssMB = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	start = time.Now()
	if out, err := exec.Command(bin, "run", "products", "--config", cfg, "--log-level", "warn").CombinedOutput(); err != nil {
		b.Fatalf("rerun: %v\n%s", err, out)
	}
	res.rerun = time.Since(start)
	st, err := store.Open(context.Background(), filepath.Join(filepath.Dir(cfg), "state", "steward.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	last, _, _ := st.LastRun(context.Background(), "products")
	res.rerunStaged, res.rerunRead = last.Staged, last.Read
	return res
}

// stageFetch is the raw rate of reading and mapping every page.
func stageFetch(b *testing.B, n int) float64 {
	b.Helper()
	_, cfg := startSandbox(b, n, 1)
	f, err := config.Load(cfg, known())
	if err != nil {
		b.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Auth: connectors().Auths()})
	if err != nil {
		b.Fatal(err)
	}
	job, _ := f.Job("products")
	settings, _ := connectors().Decode(f)
	x, err := akeneo.New(extract.Spec{System: "pim", Config: f, Settings: settings["pim"], Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		b.Fatal(err)
	}
	start, got := time.Now(), 0
	for p, err := range x.Extract(context.Background(), record.Cursor{}) {
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range p.Records {
			_ = r.Hash()
		}
		got += len(p.Records)
	}
	if got != n {
		b.Fatalf("fetched %d of %d", got, n)
	}
	return float64(n) / time.Since(start).Seconds()
}

// benchPayload is a staged canonical product of realistic size for the raw
// stages.
func benchPayload(i int) []byte {
	return fmt.Appendf(nil, `{"id":"00000000-5eed-4000-8000-%012x","identifier":"SKU-%07d","family":"shirts","categories":["master_shirts"],"enabled":true,"values":[{"attribute":"color","kind":"text","text":"red"},{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"The Classic red Shirt weighs 0.512 kg."},{"attribute":"ean","kind":"text","text":"4001234567890"},{"attribute":"name","locale":"en_US","kind":"text","text":"Classic red Shirt %d"},{"attribute":"price","kind":"prices","amounts":[{"amount":"49.90","currency":"EUR"}]},{"attribute":"sku","kind":"text","text":"SKU-%07d"},{"attribute":"weight","kind":"metric","number":"0.512","unit":"KILOGRAM"}],"updated":"2026-01-05T08:00:00Z"}`, i, i, i, i)
}

// stageSQLite is the raw rate of inserting the records with a plain prepared
// statement, committing every 100 rows as the pipeline does per page.
func stageSQLite(b *testing.B, n int) float64 {
	b.Helper()
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sqlx.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (k TEXT PRIMARY KEY, h TEXT, p BLOB) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < n; i += 100 {
		tx, _ := db.Begin()
		stmt, _ := tx.Prepare(`INSERT INTO t (k, h, p) VALUES (?, ?, ?)`)
		for k := i; k < min(i+100, n); k++ {
			p := benchPayload(k)
			sum := sha256.Sum256(p)
			if _, err := stmt.Exec(fmt.Sprintf("k%09d", k), hex.EncodeToString(sum[:]), p); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// stageParquet is the raw rate of writing the records to a snapshot.
func stageParquet(b *testing.B, n int) float64 {
	b.Helper()
	src := rowSource(n)
	start := time.Now()
	snap, err := parquet.Write(context.Background(), src, transform.Products, b.TempDir(), 1)
	if err != nil || snap.Rows != n {
		b.Fatalf("parquet: %v (%d rows)", err, snap.Rows)
	}
	return float64(n) / time.Since(start).Seconds()
}

type rowSource int

func (n rowSource) EachStaged(_ context.Context, _ string, fn func(store.StagedRow) error) error {
	for i := range int(n) {
		p := benchPayload(i)
		if err := fn(store.StagedRow{Key: fmt.Sprintf("k%09d", i), Source: "pim", Hash: "h", Payload: p, UpdatedAt: "2026-01-05T08:00:00Z", FirstRun: 1, LastRun: 1}); err != nil {
			return err
		}
	}
	return nil
}

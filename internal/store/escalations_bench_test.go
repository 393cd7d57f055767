package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// escBenchSchema names the layout of the cached escalations benchmark
// database; change it when buildEscalationBench builds it differently.
const escBenchSchema = 1

// escBenchRows is the escalation count of the benchmark: 80 % open. The
// closed ones are the older half's even ids (decided long ago); every open
// one after them.
const escBenchRows = 100_000

// BenchmarkEscalationPage times store.EscalationPage for the console's page
// (51 rows: a page and one to know there is another) at 100,000
// escalations, 80 % open, over the filters and depths the console offers.
// The database is built once and cached under os.TempDir.
//
//	go test -run '^$' -bench BenchmarkEscalationPage -benchtime 20x ./internal/store/
func BenchmarkEscalationPage(b *testing.B) {
	s := escalationBenchDB(b)
	for _, p := range []struct {
		name string
		f    EscalationPageFilter
	}{
		{"first", EscalationPageFilter{}},
		{"first_open", EscalationPageFilter{Status: EscalationOpen}},
		{"first_resolved", EscalationPageFilter{Status: EscalationResolved}},
		{"deep_any_in_open", EscalationPageFilter{After: EscalationCursor{ID: 90_000}}},
		{"any_first_closed", EscalationPageFilter{After: EscalationCursor{ID: escBenchRows - 10}}},
		{"deep_any_in_closed", EscalationPageFilter{After: EscalationCursor{Closed: true, ID: 39_000}}},
		{"job_kind", EscalationPageFilter{Job: "customers-2", Kind: EscalationAmbiguous}},
		{"job_kind_deep", EscalationPageFilter{Job: "customers-2", Kind: EscalationAmbiguous, After: EscalationCursor{ID: 95_000}}},
		{"job_kind_closed", EscalationPageFilter{Job: "customers-2", Kind: EscalationAmbiguous, After: EscalationCursor{Closed: true, ID: 20_000}}},
		{"deep_open", EscalationPageFilter{Status: EscalationOpen, After: EscalationCursor{ID: 95_000}}},
		{"deep_open_early", EscalationPageFilter{Status: EscalationOpen, After: EscalationCursor{ID: 20_000}}},
		{"deep_dismissed", EscalationPageFilter{Status: EscalationDismissed, After: EscalationCursor{Closed: true, ID: 30_000}}},
	} {
		b.Run(p.name, func(b *testing.B) {
			p.f.Limit = 51
			var n int
			for b.Loop() {
				rows, err := s.EscalationPage(b.Context(), p.f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(rows)
			}
			if n == 0 {
				b.Fatalf("%s: no escalations", p.name)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

// escalationBenchDB opens the cached benchmark store, building it first
// under a temporary name renamed when complete.
func escalationBenchDB(b *testing.B) *Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("steward-bench-escalations-v%d-%d.db", escBenchSchema, escBenchRows))
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		tmp := path + ".building"
		for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(f)
		}
		if err := buildEscalationBench(b.Context(), tmp); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	s, err := Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// buildEscalationBench writes the escalations in one transaction: eight
// jobs, three kinds, versions of a realistic size.
func buildEscalationBench(ctx context.Context, path string) error {
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO escalations (job, data_type, canonical_id, kind, source_system, source_key, target_system,
		source_version, target_version, fields, status, created_at, updated_at) VALUES (?, 'customers', ?, ?, 'erp', ?, 'crm', ?, ?, '["email"]', ?, ?, ?)`)
	if err != nil {
		return err
	}
	kinds := []string{EscalationConflict, EscalationAmbiguous, "scenario"}
	statuses := []string{EscalationResolved, EscalationDismissed}
	for i := 1; i <= escBenchRows; i++ {
		status := EscalationOpen
		if i <= 40_000 && i%2 == 0 {
			status = statuses[i/2%2]
		}
		version := fmt.Sprintf(`{"id":"C-%07d","name":"Customer %d","email":"c%d@example.com","city":"Berlin"}`, i, i, i)
		stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
		if _, err := stmt.ExecContext(ctx, fmt.Sprintf("customers-%d", i%8), fmt.Sprintf("C-%07d", i), kinds[i%7%3],
			fmt.Sprintf("K%d", i), version, version, status, stamp, stamp); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

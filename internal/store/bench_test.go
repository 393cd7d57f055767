package store

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// benchProduct is a staged canonical product of the sandbox's size.
func benchProduct(i int) []byte {
	return fmt.Appendf(nil, `{"id":"00000000-5eed-4000-8000-%012x","identifier":"SKU-%07d","family":"shirts","categories":["master_shirts"],"enabled":true,"values":[{"attribute":"color","kind":"option","text":"red"},{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"The Classic red Shirt weighs 0.512 kg."},{"attribute":"ean","kind":"text","text":"4001234567890"},{"attribute":"name","locale":"en_US","kind":"text","text":"Classic red Shirt %d"},{"attribute":"price","kind":"prices","amounts":[{"amount":"49.90","currency":"EUR"}]},{"attribute":"sku","kind":"text","text":"SKU-%07d"},{"attribute":"weight","kind":"metric","number":"0.512","unit":"KILOGRAM"}],"updated":"2026-01-05T08:00:00Z"}`, i, i, i, i)
}

// BenchmarkCommitPage stores pages of 100 new products, each page with its
// counts and cursor in one transaction (synchronous=FULL), as a products run
// does.
func BenchmarkCommitPage(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	run, err := s.BeginRun(ctx, "products", "manual")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		p := PageCommit{RunID: run, Job: "products", Stream: "", PageURL: "http://pim/page", Counts: Counts{Read: 100, Staged: 100, Pages: 1}}
		for range 100 {
			payload := benchProduct(n)
			r := record.Record{Key: fmt.Sprintf("00000000-5eed-4000-8000-%012x", n), Updated: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), Payload: payload}
			p.Changed = append(p.Changed, Staged{DataType: "products", Source: "pim", Record: r, Hash: r.Hash()})
			n++
		}
		p.Cursor = record.Cursor{Next: "http://pim/next"}
		if err := s.CommitPage(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/record")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/record")
}

// cpuTime is the process's CPU time (user+sys) in nanoseconds: on a shared
// machine it is steadier than the wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

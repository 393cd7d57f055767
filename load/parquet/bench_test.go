package parquet

import (
	"context"
	"fmt"
	"syscall"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// benchRows is a staging of n canonical products of the sandbox's size.
type benchRows int

func (n benchRows) EachStaged(_ context.Context, _ string, fn func(store.StagedRow) error) error {
	for i := range int(n) {
		p := fmt.Appendf(nil, `{"id":"00000000-5eed-4000-8000-%012x","identifier":"SKU-%07d","family":"shirts","categories":["master_shirts"],"enabled":true,"values":[{"attribute":"color","kind":"option","text":"red"},{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"The Classic red Shirt weighs 0.512 kg."},{"attribute":"ean","kind":"text","text":"4001234567890"},{"attribute":"name","locale":"en_US","kind":"text","text":"Classic red Shirt %d"},{"attribute":"price","kind":"prices","amounts":[{"amount":"49.90","currency":"EUR"}]},{"attribute":"sku","kind":"text","text":"SKU-%07d"},{"attribute":"weight","kind":"metric","number":"0.512","unit":"KILOGRAM"}],"updated":"2026-01-05T08:00:00Z"}`, i, i, i, i)
		row := store.StagedRow{Key: fmt.Sprintf("k%09d", i), Source: "pim", Hash: "3f1a9c0d5e7b2a4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c", Payload: p,
			UpdatedAt: "2026-01-05T08:00:00Z", FirstRun: 1, LastRun: 1}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkSnapshot writes a products snapshot of 20,000 staged products.
func BenchmarkSnapshot(b *testing.B) {
	const n = 20_000
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		snap, err := Write(context.Background(), benchRows(n), transform.Products, b.TempDir(), 1)
		if err != nil || snap.Rows != n {
			b.Fatalf("%v (%d rows)", err, snap.Rows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/record")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n*b.N), "cpu-ns/record")
}

// cpuTime is the process's CPU time (user+sys) in nanoseconds: on a shared
// machine it is steadier than the wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

package akeneo

import (
	"os"
	"syscall"
	"testing"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/transform"
)

// benchKinds are the sandbox PIM's attribute kinds, as GET /attributes gives them.
var benchKinds = map[string]transform.Kind{
	"sku": transform.KindText, "name": transform.KindText, "description": transform.KindText,
	"color": transform.KindOption, "weight": transform.KindMetric, "ean": transform.KindText,
	"price": transform.KindPrices, "description_draft": transform.KindText, "image": transform.KindMedia,
}

// BenchmarkMapPage decodes a page of 100 products as the sandbox PIM serves
// them (testdata/page100.json) and maps them to canonical records: the
// extractor's CPU per page, without the network.
func BenchmarkMapPage(b *testing.B) {
	body, err := os.ReadFile("testdata/page100.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		page, err := api.DecodePage(body, "page100")
		if err != nil {
			b.Fatal(err)
		}
		recs, bad := mapItems(page.Embedded.Items, "sku", benchKinds)
		if len(recs) != 100 || len(bad) != 0 {
			b.Fatalf("%d records, %d quarantined", len(recs), len(bad))
		}
		for _, r := range recs {
			_ = r.Hash()
		}
		n += len(recs)
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

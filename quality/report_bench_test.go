package quality

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// BenchmarkReport renders the HTML report of a check over
// STEWARD_BENCH_PRODUCTS products (default 1,000,000; a third with issues)
// with 1,000 past runs in the trend, and reports the time the report takes.
//
//	go test -run '^$' -bench Report -benchtime 1x ./quality
func BenchmarkReport(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_PRODUCTS")); err == nil {
		n = v
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	runID := seedHistory(b, st, n, 1000)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		rep, err := LoadReport(ctx, st, runID)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Render(ctx, &buf, st, rep, "html"); err != nil {
			b.Fatal(err)
		}
		htmlTime := time.Since(start)
		start = time.Now()
		var js bytes.Buffer
		if err := Render(ctx, &js, st, rep, "json"); err != nil {
			b.Fatal(err)
		}
		fmt.Printf("\nquality report over %d products and %d past runs: HTML %s (%d KB), JSON %s (%d MB)\n",
			n, len(rep.Trend), htmlTime.Round(time.Millisecond), buf.Len()/1024, time.Since(start).Round(time.Millisecond), js.Len()>>20)
		b.ReportMetric(htmlTime.Seconds(), "s-html")
	}
}

// seedHistory stores past past runs and one run over n products, a third of
// them with a violation, and returns that run's id.
func seedHistory(b *testing.B, st *store.Store, n, past int) int64 {
	ctx := context.Background()
	sum := Summary{Checked: n, Passing: n * 2 / 3, Score: 66.7, Grade: "D", Axes: Axes{Enrichment: 80, EnrichmentGrade: "B", Consistency: 95, ConsistencyGrade: "A"},
		Rules:    []RuleCount{{ID: "desc", Type: TypeRequired, Severity: Error, Axis: Enrichment, Attribute: "description", Violations: n / 3}},
		Families: []Group{{Name: "shirts", Checked: n, Passing: n * 2 / 3, Score: 66.7, Grade: "D"}}}
	js, _ := json.Marshal(sum)
	var last int64
	for r := 0; r <= past; r++ {
		id, err := st.BeginRun(ctx, "products", store.TriggerSchedule)
		if err != nil {
			b.Fatal(err)
		}
		w, _ := st.NewQualityWriter(ctx, id)
		if r == past {
			for i := 0; i < n; i += 3 {
				key := fmt.Sprintf("u%08d", i)
				v := store.ViolationRow{ProductKey: key, SKU: "SKU-" + key, Family: "shirts", Rule: "desc", Severity: Error, Axis: Enrichment,
					Attribute: "description", Locale: "en_US", Channel: "ecommerce", Message: "description is missing for ecommerce/en_US"}
				if err := w.Add(ctx, store.ProductScore{ProductKey: key, SKU: v.SKU, Family: "shirts", Enrichment: float64(i % 100), Consistency: 100, Violations: 1}, []store.ViolationRow{v}); err != nil {
					b.Fatal(err)
				}
			}
		}
		q := store.QualityRun{Job: "products", GeneratedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r) * 24 * time.Hour).Format(time.RFC3339),
			Checked: n, Passing: n*2/3 + r, Score: 60 + float64(r%300)/10, Grade: "D", Summary: string(js)}
		if err := w.Finish(ctx, q); err != nil {
			b.Fatal(err)
		}
		_ = st.FinishRun(ctx, id, store.StatusSucceeded, "")
		_ = st.ReleaseLock(ctx, "products", id)
		last = id
	}
	return last
}

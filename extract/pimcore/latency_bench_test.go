package pimcore_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
)

// BenchmarkLatencyBound is Pimcore's latency-bound figure of
// docs/PERFORMANCE.md: a full products pass of STEWARD_BENCH_LATENCY_PRODUCTS
// objects (default 20,000) from the sandbox emulator answering every
// request 250 ms late (the fault set's slow fault), read in 4 partitions
// (the default setting) of pages of 100. It reports records/s and the share
// of 4 × page size ÷ latency (1,600 records/s) reached; the window's probe
// and the plan (two round trips) are included. STEWARD_BENCH_LATENCY
// changes the latency (0s shows what the emulator alone allows).
//
//	go test -run '^$' -bench LatencyBound -benchtime 1x ./extract/pimcore
func BenchmarkLatencyBound(b *testing.B) {
	const pageSize, partitions = 100, 4
	latency := 250 * time.Millisecond
	if d, err := time.ParseDuration(os.Getenv("STEWARD_BENCH_LATENCY")); err == nil {
		latency = d
	}
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_LATENCY_PRODUCTS")); err == nil {
		n = v
	}
	faults := &fault.Set{Shape: emulator.Errors{}, Slow: latency}
	served := &serverTime{h: emulator.New(catalog.New(n, seed), sandboxKey)}
	srv := httptest.NewServer(faults.Wrap(served))
	defer srv.Close()
	x := partitionedExtractor(b, srv.URL, pageSize, partitions)
	limit := float64(partitions*pageSize) / latency.Seconds()
	for range b.N {
		start, got, pages := time.Now(), 0, 0
		for p, err := range x.Extract(b.Context(), record.Cursor{}) {
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range p.Records {
				_ = r.Hash()
			}
			got, pages = got+len(p.Records), pages+1
		}
		took := time.Since(start)
		if got != n {
			b.Fatalf("read %d of %d products", got, n)
		}
		rate := float64(n) / took.Seconds()
		b.Logf("%d products in %d pages, %s: %.0f records/s = %.1f %% of %d × %d ÷ %s (%.0f records/s)",
			n, pages, took.Round(time.Millisecond), rate, 100*rate/limit, partitions, pageSize, latency, limit)
		b.ReportMetric(rate, "records/s")
		b.ReportMetric(100*rate/limit, "%-of-limit")
		// The fault answers slow after the request arrived, the emulator's
		// work inside that time; only a slower emulator lengthens a call.
		seen := max(latency, served.mean())
		b.Logf("the emulator's own time: %s a request on average, inside the latency, so a request took %s: %.1f %% of %d × %d ÷ %s",
			served.mean().Round(time.Millisecond), seen.Round(time.Millisecond), 100*rate/(float64(partitions*pageSize)/seen.Seconds()), partitions, pageSize, seen.Round(time.Millisecond))
	}
}

// serverTime measures the time the emulator itself takes per request,
// inside the injected latency: on a busy machine it could outgrow it.
type serverTime struct {
	h     http.Handler
	mu    sync.Mutex
	total time.Duration
	n     int
}

func (s *serverTime) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.h.ServeHTTP(w, r)
	s.mu.Lock()
	s.total, s.n = s.total+time.Since(start), s.n+1
	s.mu.Unlock()
}

func (s *serverTime) mean() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == 0 {
		return 0
	}
	return s.total / time.Duration(s.n)
}

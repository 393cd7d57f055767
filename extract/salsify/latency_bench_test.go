package salsify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// benchProducts is STEWARD_BENCH_LATENCY_PRODUCTS, default 20,000.
func benchProducts() int {
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_LATENCY_PRODUCTS")); err == nil {
		return v
	}
	return 20_000
}

// BenchmarkLatencyBound is Salsify's latency-bound figure of
// docs/PERFORMANCE.md: a full products pass of STEWARD_BENCH_LATENCY_PRODUCTS
// products (default 20,000) from the sandbox emulator answering every
// request 250 ms late, its hourly budget raised out of reach so that latency
// is the limit, read in 2 partitions (the default) of pages of 100. It
// reports records/s and the share reached of
// min(2 × per_page ÷ latency, budget × per_page ÷ 3600) = 800 records/s.
//
//	go test -run '^$' -bench LatencyBound -benchtime 1x ./extract/salsify
func BenchmarkLatencyBound(b *testing.B) {
	const perPage, partitions, latency, budget = 100, 2, 250 * time.Millisecond, 1_000_000
	n := benchProducts()
	srv := emulator.New(catalog.New(n, emulatorSeed), emulator.SandboxOrg, emulator.SandboxToken)
	srv.SetRateLimit(budget, time.Hour)
	served := &serverTime{h: srv}
	ts := httptest.NewServer((&fault.Set{Shape: srv.Errors(), Slow: latency}).Wrap(served))
	defer ts.Close()
	x := partitionedExtractor(b, ts.URL, perPage, partitions, api.Options{})
	limit := min(float64(partitions*perPage)/latency.Seconds(), float64(budget*perPage)/3600)
	for range b.N {
		start := time.Now()
		pages := benchPass(b, x, n)
		took := time.Since(start)
		report(b, n, pages, took, limit, fmt.Sprintf("min(%d × %d ÷ %s, %d/h × %d ÷ 3600 s)", partitions, perPage, latency, budget, perPage))
		// The fault answers slow after the request arrived, the emulator's
		// work inside that time; only a slower emulator lengthens a call.
		seen := max(latency, served.mean())
		b.Logf("the emulator's own time: %s a request on average, inside the latency, so a request took %s: %.1f %% of %d × %d ÷ %s",
			served.mean().Round(time.Millisecond), seen.Round(time.Millisecond),
			100*float64(n)/took.Seconds()/(float64(partitions*perPage)/seen.Seconds()), partitions, perPage, seen.Round(time.Millisecond))
	}
}

// BenchmarkRateBound is the same pass at Salsify's real rate, 10,000
// requests an hour, where the budget and not the latency binds: 278
// records/s at pages of 100, a third of what 2 partitions at 250 ms could
// read. So that a pass of a few hundred requests spans several budget
// windows, the rate is kept and the window shortened to 36 s (100
// requests), and the pacer's reserve scaled with it (1 %: 1 request, as 100
// of the hour's 10,000). The emulator and the pacer share a clock that runs
// with real time and jumps over the pacer's waits: records/s is over that
// clock, waits included. It reports the share of the rate limit reached,
// and fails on any answer 429: the pass paces itself instead.
//
//	go test -run '^$' -bench RateBound -benchtime 1x ./extract/salsify
func BenchmarkRateBound(b *testing.B) {
	const perPage, partitions, latency = 100, 2, 250 * time.Millisecond
	const hourly, window = 10_000, 36 * time.Second
	n := benchProducts()
	clock := &jumpClock{start: time.Now(), at: time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)}
	srv := emulator.New(catalog.New(n, emulatorSeed), emulator.SandboxOrg, emulator.SandboxToken)
	srv.SetClock(clock.Now)
	var refused atomic.Int32
	inner := (&fault.Set{Shape: srv.Errors(), Slow: latency}).Wrap(srv)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		if rec.Code == http.StatusTooManyRequests {
			refused.Add(1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	defer ts.Close()
	limit := float64(hourly*perPage) / 3600
	for range b.N {
		srv.SetRateLimit(int(hourly*window/time.Hour), window)
		x := clockedExtractor(b, ts.URL, perPage, partitions, clock)
		from := clock.Now()
		pages := benchPass(b, x, n)
		took := clock.Now().Sub(from)
		report(b, n, pages, took, limit, fmt.Sprintf("%d/h × %d ÷ 3600 s", hourly, perPage))
		b.Logf("waited %d times, %s in all; %d answers 429", clock.waits, clock.waited.Round(time.Second), refused.Load())
		if refused.Load() > 0 {
			b.Fatalf("the pass drew %d answers 429", refused.Load())
		}
	}
}

// benchPass reads one whole pass, hashing every record, and checks it read n.
func benchPass(b *testing.B, x extract.Extractor, n int) (pages int) {
	got := 0
	for p, err := range x.Extract(b.Context(), record.Cursor{}) {
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range p.Records {
			_ = r.Hash()
		}
		got, pages = got+len(p.Records), pages+1
	}
	if got != n {
		b.Fatalf("read %d of %d products", got, n)
	}
	return pages
}

func report(b *testing.B, n, pages int, took time.Duration, limit float64, what string) {
	rate := float64(n) / took.Seconds()
	b.Logf("%d products in %d pages, %s: %.0f records/s = %.1f %% of %s (%.0f records/s)",
		n, pages, took.Round(time.Millisecond), rate, 100*rate/limit, what, limit)
	b.ReportMetric(rate, "records/s")
	b.ReportMetric(100*rate/limit, "%-of-limit")
}

// jumpClock runs with real time from at and jumps over every wait.
type jumpClock struct {
	mu     sync.Mutex
	start  time.Time
	at     time.Time
	waited time.Duration
	waits  int
}

func (c *jumpClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at.Add(time.Since(c.start) + c.waited)
}

func (c *jumpClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waited, c.waits = c.waited+d, c.waits+1
	return ctx.Err()
}

// clockedExtractor is partitionedExtractor with clock as the client's and
// the pacer's clock, and the pacer's reserve at one request.
func clockedExtractor(b *testing.B, base string, perPage, partitions int, clock *jumpClock) extract.Extractor {
	b.Helper()
	return partitionedExtractor(b, base, perPage, partitions, api.Options{Pacing: api.Pacing{Low: 1, Now: clock.Now, Sleep: clock.Sleep}})
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

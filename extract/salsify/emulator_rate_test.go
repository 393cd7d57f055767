package salsify_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/salsify"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// fakeClock is the one clock of the emulator and the client's pacer; a
// sleep moves it on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	slept  time.Duration
	sleeps int
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.slept, c.sleeps = c.now.Add(d), c.slept+d, c.sleeps+1
	return ctx.Err()
}

// rateLimited serves a catalog of n products with a budget of 50 requests
// an hour on clock, counting the 429 answers it gives.
func rateLimited(t *testing.T, n int, clock *fakeClock) (extract.Extractor, *atomic.Int32, *emulator.Server) {
	t.Helper()
	srv := emulator.New(catalog.New(n, emulatorSeed), emulator.SandboxOrg, emulator.SandboxToken)
	srv.SetClock(clock.Now)
	srv.SetRateLimit(50, time.Hour)
	var refused atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if rec.Code == http.StatusTooManyRequests {
			refused.Add(1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(ts.Close)
	file, err := config.Parse("t.yaml", []byte(emulatorConfig(ts.URL, 5)), nil,
		func(k string) (string, bool) { return emulator.SandboxToken, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", file.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: clock.Sleep, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := file.Job("job")
	x, err := salsify.NewWith(extract.Spec{System: "src", Config: file, Settings: decoded(t, file, "src"), Job: job, Client: c, Log: zerolog.Nop()},
		api.Options{Pacing: api.Pacing{Now: clock.Now, Sleep: clock.Sleep}})
	if err != nil {
		t.Fatal(err)
	}
	return x, &refused, srv
}

// A pass needing more requests than the hourly budget (50 here) slows down
// ahead of it, waiting for the reset the x-ratelimit-* headers announce,
// and draws no 429.
func TestEmulatorRateLimitSlowsDown(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)}
	x, refused, _ := rateLimited(t, 400, clock)
	got, last := readAll(t, x, record.Cursor{})
	if len(got) != 400 || last.InPass() {
		t.Fatalf("read %d of 400 products", len(got))
	}
	if refused.Load() != 0 {
		t.Errorf("the pass drew %d answers 429", refused.Load())
	}
	if clock.sleeps == 0 || clock.slept < 30*time.Minute {
		t.Errorf("the pass waited %d times, %s in all; want it to wait for the window's reset", clock.sleeps, clock.slept)
	}
}

// With a run budget too small to wait for the reset, the pass spends what
// is left of the hour's requests and stops with retry.ErrBudgetExhausted,
// still without drawing a 429.
func TestEmulatorRateLimitStopsOnBudget(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)}
	x, refused, _ := rateLimited(t, 400, clock)
	ctx := retry.WithBudget(t.Context(), retry.NewBudget(time.Minute))
	read := 0
	var err error
	for p, perr := range x.Extract(ctx, record.Cursor{}) {
		if perr != nil {
			err = perr
			break
		}
		read += len(p.Records)
	}
	if !errors.Is(err, retry.ErrBudgetExhausted) {
		t.Fatalf("after %d products: err %v; want retry.ErrBudgetExhausted", read, err)
	}
	if refused.Load() != 0 || clock.slept != 0 {
		t.Errorf("the pass drew %d answers 429 and waited %s", refused.Load(), clock.slept)
	}
	if read == 0 || read >= 400 {
		t.Errorf("read %d products before stopping; want the hour's budget spent first", read)
	}
}

// When another client has spent the hour's budget before the pass starts,
// the first answer is a 429 without Retry-After (Salsify announces only
// x-ratelimit-reset): the pass waits for that reset, paid from the run's
// budget, and completes.
func TestEmulatorRateLimitSpentElsewhere(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)}
	x, refused, srv := rateLimited(t, 100, clock)
	for range 50 {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/orgs/"+emulator.SandboxOrg+"/products?per_page=1", nil)
		r.Header.Set("Authorization", "Bearer "+emulator.SandboxToken)
		srv.ServeHTTP(httptest.NewRecorder(), r)
	}
	refused.Store(0)
	clock.slept, clock.sleeps = 0, 0
	got, last := readAll(t, x, record.Cursor{})
	if len(got) != 100 || last.InPass() {
		t.Fatalf("read %d of 100 products", len(got))
	}
	if clock.slept < 29*time.Minute {
		t.Errorf("the pass waited %s after %d answers 429; want it to wait for the reset", clock.slept, refused.Load())
	}
}

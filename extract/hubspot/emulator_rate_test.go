package hubspot_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// TestEmulatorRateLimit: a full pass of 250 one-object pages against the
// emulator's rolling 100 per 10 s window never draws a 429 and waits for the
// window at least twice (waits counted on a fake clock, not wall time).
func TestEmulatorRateLimit(t *testing.T) {
	c := &emuClock{}
	c.set(base)
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: c.now})
	for i := range 250 {
		if _, err := e.Put("companies", map[string]string{"name": "Co", "steward_external_id": "C-" + time.Duration(i).String()}); err != nil {
			t.Fatal(err)
		}
	}
	waits := 0
	sleep := func(ctx context.Context, d time.Duration) error {
		if d >= 10*time.Second {
			waits++
		}
		c.set(c.now().Add(d))
		return ctx.Err()
	}
	var got429 atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		e.ServeHTTP(rec, r)
		if rec.status == http.StatusTooManyRequests {
			got429.Add(1)
		}
	})
	x := extractorWith(t, h, "customers", "companies", "full", 1, api.Options{Pacing: api.Pacing{Sleep: sleep, Now: c.now}})
	d, err := drain(t, x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 250)
	if waits < 2 || got429.Load() != 0 {
		t.Fatalf("waited %d times for the window, %d answers were 429", waits, got429.Load())
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// TestEmulatorSearchPacing: an incremental pass of 60 one-object search
// pages against the emulator's per-second search limit draws no 429.
func TestEmulatorSearchPacing(t *testing.T) {
	c := &emuClock{}
	c.set(base)
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: c.now})
	for i := range 60 {
		c.set(base.Add(time.Duration(i) * time.Second))
		if _, err := e.Put("companies", map[string]string{"name": "Co"}); err != nil {
			t.Fatal(err)
		}
	}
	sleep := func(ctx context.Context, d time.Duration) error { c.set(c.now().Add(d)); return ctx.Err() }
	var got429 atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		e.ServeHTTP(rec, r)
		if rec.status == http.StatusTooManyRequests {
			got429.Add(1)
		}
	})
	x := extractorWith(t, h, "customers", "companies", "incremental", 1, api.Options{Pacing: api.Pacing{Sleep: sleep, Now: c.now}})
	d, err := drain(t, x, record.Cursor{})
	if err != nil || got429.Load() != 0 {
		t.Fatalf("err %v, %d answers were 429", err, got429.Load())
	}
	assertOnce(t, d.keys, 60)
}

// TestEmulatorDailyQuota: once the daily remaining count reaches the
// reserve, the pass stops with retry.ErrQuotaReserve.
func TestEmulatorDailyQuota(t *testing.T) {
	e, _, _ := emulated(t, 30)
	e.SetQuota(0, 0, 5, 0)
	d, err := drain(t, extractorFor(t, e, "customers", "companies", "full", 2), record.Cursor{})
	if !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("err %v after %d keys", err, len(d.keys))
	}
}

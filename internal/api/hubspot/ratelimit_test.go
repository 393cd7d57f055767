package hubspot_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/retry"
)

// TestLimiterSlowsBefore429: 250 requests against a 100 per 10 s window
// never draw a 429 and wait for the window at least twice.
func TestLimiterSlowsBefore429(t *testing.T) {
	c := newClock()
	f := hubspottest.New(token)
	f.Burst, f.Now = 100, c.Now
	f.Put("companies", "1", map[string]string{"name": "A"}, c.Now())
	cl, _ := setup(t, f, "", c)
	for i := range 250 {
		if _, err := cl.List(t.Context(), cl.ListURL("companies", []string{"name"}, 1, false)); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if f.Got429 != 0 {
		t.Fatalf("%d answers were 429", f.Got429)
	}
	if cl.Waits() < 2 {
		t.Fatalf("waited for the window %d times, want at least 2", cl.Waits())
	}
}

// TestSecondly429WaitsAndRetries: a 429 SECONDLY (PROTOCOLS 3.6 body) is
// waited out for the interval and the request sent again.
func TestSecondly429WaitsAndRetries(t *testing.T) {
	c := newClock()
	n := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"SECONDLY","requestId":"r"}`))
			return
		}
		_, _ = w.Write([]byte(`{"results":[]}`))
	})
	cl, _ := setup(t, h, "", c)
	if _, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false)); err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(c.sleeps) != 1 || c.sleeps[0] != 10*time.Second {
		t.Fatalf("requests %d, sleeps %v; want 2 requests and one 10s wait", n, c.sleeps)
	}
}

// TestDaily429StopsAtQuota: the documented daily-limit 429 is not retried
// and ends the run with retry.ErrQuotaReserve.
func TestDaily429StopsAtQuota(t *testing.T) {
	n := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(`{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"DAILY","requestId":"r"}`))
	})
	cl, _ := setup(t, h, "", newClock())
	_, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false))
	if !errors.Is(err, retry.ErrQuotaReserve) || n != 1 || !strings.Contains(err.Error(), "daily limit") {
		t.Fatalf("err %v after %d requests; want ErrQuotaReserve after 1", err, n)
	}
}

// TestDailyReserveStops: once X-HubSpot-RateLimit-Daily-Remaining is at the
// reserve, the next request is not sent.
func TestDailyReserveStops(t *testing.T) {
	f := hubspottest.New(token)
	left := 50
	f.Daily = &left
	cl, _ := setup(t, f, "      quota_reserve: 50\n", newClock())
	u := cl.ListURL("companies", nil, 1, false)
	if _, err := cl.List(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	_, err := cl.List(t.Context(), u)
	if !errors.Is(err, retry.ErrQuotaReserve) || len(f.Requests) != 1 {
		t.Fatalf("err %v after %d requests", err, len(f.Requests))
	}
}

// TestSearchSpacing: search answers carry no headers; searches are spaced
// by search_per_second.
func TestSearchSpacing(t *testing.T) {
	c := newClock()
	f := hubspottest.New(token)
	cl, _ := setup(t, f, "      search_per_second: 2\n", c)
	for range 3 {
		if _, err := cl.Search(t.Context(), "companies", searchAll()); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.sleeps) != 2 || c.sleeps[0] != 500*time.Millisecond {
		t.Fatalf("sleeps %v, want two of 500ms", c.sleeps)
	}
}

// TestLimiterSlowCallerNeverWaits: a caller sending one request per 200 ms
// spends half of a 100 per 10 s window at most; over two minutes it never
// waits for the window (a count that only goes down would wait about every
// 100 requests).
func TestLimiterSlowCallerNeverWaits(t *testing.T) {
	c := newClock()
	f := hubspottest.New(token)
	f.Burst, f.Now = 100, c.Now
	f.Put("companies", "1", map[string]string{"name": "A"}, c.Now())
	cl, _ := setup(t, f, "", c)
	for i := range 600 {
		if _, err := cl.List(t.Context(), cl.ListURL("companies", []string{"name"}, 1, false)); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		c.mu.Lock()
		c.t = c.t.Add(200 * time.Millisecond)
		c.mu.Unlock()
	}
	if f.Got429 != 0 || cl.Waits() != 0 || len(c.sleeps) != 0 {
		t.Fatalf("%d answers 429, %d waits for the window, sleeps %v; want none", f.Got429, cl.Waits(), c.sleeps)
	}
}

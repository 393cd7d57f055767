package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// TestTallyCountsTheRequestsOfItsContext: one client serves two contexts,
// each with its own tally; a 429 then 200 counts two requests, one retry,
// one 429 and the Retry-After wait; 503, 502 then 200 counts three requests,
// two retries and two 5xx; the system's limiter waits and a connector's own
// wait and retry land in the tally of the context they were made with;
// requests without a tally count nowhere.
func TestTallyCountsTheRequestsOfItsContext(t *testing.T) {
	srv := tallyServer()
	defer srv.Close()
	sys := system(srv.URL, config.Auth{})
	// The limiter never holds a request back here; the clock, which moves
	// on with every reading, makes each pass through it a wait to count.
	sys.RateLimit = config.RateLimit{RequestsPerSecond: 1000, Burst: 1000}
	var ticks atomic.Int64
	now := func() time.Time {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ticks.Add(1)) * time.Millisecond)
	}
	rec := &recorder{}
	c, err := New("crm", sys, zerolog.Nop(), Options{Sleep: rec.sleep, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var a, b Tally
	ctxA, ctxB := WithTally(t.Context(), &a), WithTally(t.Context(), &b)
	for _, r := range []struct {
		ctx  context.Context
		path string
	}{{ctxA, "/a"}, {ctxB, "/b"}, {t.Context(), "/c"}} {
		req, _ := http.NewRequestWithContext(r.ctx, http.MethodGet, srv.URL+r.path, nil)
		if _, err := c.Do(req); err != nil {
			t.Fatalf("get %s: %v", r.path, err)
		}
	}
	if err := c.PacedSleep(rec.sleep)(ctxB, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	c.Retried(ctxB)
	ga, gb := a.Counts(), b.Counts()
	if ga.Requests != 2 || ga.Retries != 1 || ga.Throttled != 1 || ga.ServerErrors != 0 || ga.Wait < 3*time.Second {
		t.Errorf("429 then 200: %+v; want 2 requests, 1 retry, 1 throttled, 0 5xx, a wait of at least 3s", ga)
	}
	if ga.Wait == 3*time.Second {
		t.Errorf("429 then 200: the limiter's wait before the retry is not in %v", ga.Wait)
	}
	if gb.Requests != 3 || gb.Retries != 3 || gb.Throttled != 0 || gb.ServerErrors != 2 || gb.Wait < 2*time.Second {
		t.Errorf("503, 502 then 200 and a connector's own retry: %+v; want 3 requests, 3 retries, 0 throttled, 2 5xx, a wait of at least 2s", gb)
	}
	var none *Tally
	if none.Counts() != (TallyCounts{}) || TallyFrom(t.Context()) != nil {
		t.Errorf("a context without a tally: %+v", none.Counts())
	}
}

// tallyServer answers /a first 429 (Retry-After: 3), /b first 503 then 502,
// and everything else 200.
func tallyServer() *httptest.Server {
	var throttled, failing atomic.Int32
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/a" && throttled.Add(1) == 1:
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
		case r.URL.Path == "/b" && failing.Add(1) == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/b" && failing.Load() == 2:
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.Write([]byte("ok"))
		}
	}))
}

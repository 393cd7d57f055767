package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/metrics"
)

func system(base string, rps float64) config.System {
	n := 3
	return config.System{BaseURL: base, AllowInsecureLoopback: true,
		Retry:     config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Second), MaxDelay: config.Duration(time.Minute)},
		Timeouts:  config.Timeouts{Request: config.Duration(5 * time.Second), Connect: config.Duration(time.Second)},
		TLS:       config.TLS{MinVersion: "1.2"},
		RateLimit: config.RateLimit{RequestsPerSecond: rps, Burst: 1}}
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// get sends one GET through the client's whole stack.
func get(t *testing.T, c *httpx.Client, url string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if _, err := c.Do(req); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestHTTPStackMovesTheCounters: a system answering 429 (Retry-After: 7)
// then 200 moves the 429 and retry counters, the rate-limit wait by the 7 s
// asked, and the latency histogram once per attempt by code class.
func TestHTTPStackMovesTheCounters(t *testing.T) {
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer api.Close()
	m := metrics.New(nil, zerolog.Nop())
	c, err := httpx.New("crm", system(api.URL, 0), zerolog.Nop(), httpx.Options{Sleep: noSleep, Observer: m.Observer()})
	if err != nil {
		t.Fatal(err)
	}
	get(t, c, api.URL+"/contacts")

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	for _, w := range []struct {
		name string
		v    float64
	}{{"steward_http_429_total", 1}, {"steward_http_retries_total", 1}, {"steward_rate_limit_wait_seconds_total", 7}} {
		if got := value(t, fams, w.name, "system=crm"); got != w.v {
			t.Errorf("%s{system=crm} = %v, want %v", w.name, got, w.v)
		}
	}
	for _, class := range []string{"2xx", "4xx"} {
		h, ok := sample(fams, "steward_http_request_duration_seconds", "code_class="+class, "system=crm")
		if !ok || h.GetHistogram().GetSampleCount() != 1 {
			t.Errorf("latency histogram of %s answers: %v, want one sample", class, h)
		}
	}
}

// TestRateLimiterWaitIsCountedApartFromLatency: the system's own limiter
// (1 request a second, burst 1) makes the second request wait about a
// second, less the first request's latency (the limiter runs on the real
// clock); the wait is counted as a rate-limit wait, not as latency. At 2 a
// second a first request slowed to 200 ms by a loaded machine left too
// little wait for the bounds below.
func TestRateLimiterWaitIsCountedApartFromLatency(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer api.Close()
	m := metrics.New(nil, zerolog.Nop())
	c, err := httpx.New("erp", system(api.URL, 1), zerolog.Nop(), httpx.Options{Sleep: noSleep, Observer: m.Observer()})
	if err != nil {
		t.Fatal(err)
	}
	get(t, c, api.URL+"/a")
	get(t, c, api.URL+"/b")

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	waited := value(t, fams, "steward_rate_limit_wait_seconds_total", "system=erp")
	if waited < 0.5 {
		t.Errorf("rate-limit wait %.3f s, want about 1 s", waited)
	}
	h, ok := sample(fams, "steward_http_request_duration_seconds", "code_class=2xx", "system=erp")
	if !ok || h.GetHistogram().GetSampleCount() != 2 {
		t.Fatalf("latency histogram: %v, want two samples", h)
	}
	if sum := h.GetHistogram().GetSampleSum(); sum >= waited {
		t.Errorf("latency sum %.3f s includes the limiter's wait of %.3f s", sum, waited)
	}
}

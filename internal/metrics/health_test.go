package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/metrics"
)

// probe GETs h and returns the status and the body.
func probe(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body))
}

func TestHealthzAnswersOK(t *testing.T) {
	if code, body := probe(t, metrics.Healthz()); code != http.StatusOK || body != "ok" {
		t.Fatalf("/healthz: %d %q, want 200 ok", code, body)
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// TestReadyz: ready while the store answers and the scheduler beats; 503
// with the reason once the store is closed or the heartbeat is stale.
func TestReadyz(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	hb := metrics.NewHeartbeat(2*time.Minute, clock.now)
	st := openStore(t)
	ready := metrics.Readyz(st.Ping, hb, zerolog.Nop())

	if code, body := probe(t, ready); code != http.StatusServiceUnavailable || !strings.Contains(body, "no beat yet") {
		t.Errorf("before the first beat: %d %q, want 503 naming the missing beat", code, body)
	}
	hb.Beat()
	if code, body := probe(t, ready); code != http.StatusOK || body != "ready" {
		t.Errorf("fresh beat, store open: %d %q, want 200 ready", code, body)
	}
	clock.t = clock.t.Add(3 * time.Minute)
	if code, body := probe(t, ready); code != http.StatusServiceUnavailable || !strings.Contains(body, "last beat 3m0s ago, over the 2m0s limit") {
		t.Errorf("beat 3 min old: %d %q, want 503 saying how old", code, body)
	}
	hb.Beat()
	if code, _ := probe(t, ready); code != http.StatusOK {
		t.Errorf("after a new beat: %d, want 200", code)
	}
	st.Close()
	if code, body := probe(t, ready); code != http.StatusServiceUnavailable || !strings.Contains(body, "store:") {
		t.Errorf("store closed: %d %q, want 503 naming the store", code, body)
	}
	if code, _ := probe(t, metrics.Readyz(openStore(t).Ping, nil, zerolog.Nop())); code != http.StatusOK {
		t.Errorf("no scheduler, store open: %d, want 200", code)
	}
}

// TestReadyzGivesUpOnASlowStore: a store that does not answer within
// PingTimeout makes /readyz answer 503 instead of hanging.
func TestReadyzGivesUpOnASlowStore(t *testing.T) {
	start := time.Now()
	hung := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	code, body := probe(t, metrics.Readyz(hung, nil, zerolog.Nop()))
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "no answer within 2s") {
		t.Errorf("hung store: %d %q, want 503 saying it did not answer within 2s", code, body)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("/readyz took %s on a hung store", took)
	}
}

// TestReadyzKeepsTheStoresErrorInTheLog: /readyz needs no login, so the
// store's own error (which may name the state file) is logged, not answered.
func TestReadyzKeepsTheStoresErrorInTheLog(t *testing.T) {
	var logged strings.Builder
	failing := func(context.Context) error { return errors.New("open /srv/secret-place/steward.db: permission denied") }
	code, body := probe(t, metrics.Readyz(failing, nil, zerolog.New(&logged)))
	if code != http.StatusServiceUnavailable || strings.Contains(body, "secret-place") || !strings.Contains(body, "store:") {
		t.Errorf("failing store: %d %q, want 503 naming the store without its error's text", code, body)
	}
	if !strings.Contains(logged.String(), "secret-place") {
		t.Errorf("the store's error is not in the log: %q", logged.String())
	}
}

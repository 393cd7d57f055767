package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/trigger"
	"github.com/stewardhq/steward/jobs"
)

// TestServeHTTPServerHardening: the console's server sends the hardening
// headers on every response (the open /healthz too) and bounds every
// client in time and header size, as the security review asked.
func TestServeHTTPServerHardening(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	srv := httpServer(mux, &inflight{})
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("server limits: header %v, read %v, idle %v, header bytes %d; want each set",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	rec := httptest.NewRecorder()
	srv.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("GET /healthz lacks %s; headers %v", h, rec.Header())
		}
	}
}

// TestServeCutsRequestsPastTheGrace: a request still running when the grace
// after SIGTERM ends has its connection closed (its context ends), so it
// cannot go on using the store steward serve closes next; the stop reports
// the cut.
func TestServeCutsRequestsPastTheGrace(t *testing.T) {
	started, ended := make(chan struct{}), make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(_ http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
		close(ended)
	})
	err := stopDuringRequest(t, testServer(mux, zerolog.Nop()), "GET", "/slow", started)
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the request in flight still runs 10 s after the grace")
	}
	if err == nil || !strings.Contains(err.Error(), "stop the console") {
		t.Errorf("stop with a request cut: %v, want the stop's error", err)
	}
}

// testServer is steward serve's server around mux, without store or jobs:
// a short grace, the usual wait for cut handlers.
func testServer(mux http.Handler, log zerolog.Logger) *server {
	cfg := &config.File{}
	fl := &inflight{}
	return &server{http: httpServer(mux, fl), inflight: fl, hooks: trigger.New(cfg, nil, trigger.Options{}), runner: &jobs.Runner{Config: cfg},
		log: log, grace: 50 * time.Millisecond, cutWait: cutWaitTimeout}
}

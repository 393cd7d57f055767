package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestServeHTTPServerHardening: the console's server sends the hardening
// headers on every response (the open /healthz too) and bounds every
// client in time and header size, as the security review asked.
func TestServeHTTPServerHardening(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	srv := httpServer(mux)
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

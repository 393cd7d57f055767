package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
)

// TestNoHandlerStartsAfterStop: a request read just as the connections
// were cut (its handler not yet begun when the stop stopped waiting) is
// answered 503 without running its handler, since the state store closes
// once the stop returned.
func TestNoHandlerStartsAfterStop(t *testing.T) {
	ran := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(http.ResponseWriter, *http.Request) { ran++ })
	s := testServer(mux, zerolog.Nop())
	if err := s.stopHTTP(t.Context()); err != nil {
		t.Fatal(err)
	}
	// As the connection's goroutine that read the request does next.
	rec := httptest.NewRecorder()
	s.http.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/page", nil))
	if ran != 0 || rec.Code != http.StatusServiceUnavailable {
		t.Errorf("a handler begun after the stop: ran %d times, answered %d; want not run, 503", ran, rec.Code)
	}
}

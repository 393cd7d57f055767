package console

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestReviewMissingDependencyIsNamed: a console built without one of its
// stores answers that section's pages with a 500 page naming the missing
// part (it used to panic on a nil interface), serves the other sections,
// and Deps.Check names every missing part for the wiring to refuse.
func TestReviewMissingDependencyIsNamed(t *testing.T) {
	f := newFixture(t)
	srv := New(Deps{Review: f.st, Escalations: f.st, Audit: f.st, Config: f.cfg}, zerolog.Nop())
	for target, part := range map[string]string{
		"/quality": "Quality", "/quality/trend": "Quality", "/products/p1": "Quality", "/runs": "Runs", "/runs/1": "Runs",
	} {
		w := serveRecovered(t, srv, target)
		if w == nil {
			continue
		}
		if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), part) {
			t.Errorf("GET %s: %d, want 500 naming %s:\n%s", target, w.Code, part, w.Body.String())
		}
	}
	if w := serveRecovered(t, srv, "/audit"); w != nil && w.Code != http.StatusOK {
		t.Errorf("GET /audit with its store: %d", w.Code)
	}
	err := (Deps{Review: f.st}).Check()
	for _, part := range []string{"Escalations", "Audit", "Quality", "Runs"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("Check() = %v, want it to name %s", err, part)
		}
	}
	if err := (Deps{Review: f.st, Escalations: f.st, Audit: f.st, Quality: f.st, Runs: f.st}).Check(); err != nil {
		t.Errorf("Check() of complete deps = %v", err)
	}
}

// serveRecovered serves GET target as operator olga and reports a panic as
// a test error (nil recorder).
func serveRecovered(t *testing.T, srv *Server, target string) (w *httptest.ResponseRecorder) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			t.Errorf("GET %s panicked: %v", target, v)
			w = nil
		}
	}()
	w = httptest.NewRecorder()
	mux(srv, olga).ServeHTTP(w, httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil))
	return w
}

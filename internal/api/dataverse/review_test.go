package dataverse

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestReviewConcurrencySharedPerSystem (review rev-dv): the service
// protection limits are per user, and the runner shares one HTTP client per
// system among its jobs (extractors and loaders of customers, leads,
// products, lead_scores). Clients built on that HTTP client must share the
// concurrency bound, not get one each.
func TestReviewConcurrencySharedPerSystem(t *testing.T) {
	var inFlight, peak atomic.Int64
	c1, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"value":[]}`)
	}, Settings{APIPath: "/api/data/v9.2", PageSize: 5, Concurrency: 1, WindowRequests: 6000}, Options{})
	c2 := New(c1.h, c1.s, Options{}, zerolog.Nop())
	var wg sync.WaitGroup
	for _, c := range []*Client{c1, c2, c1, c2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Page(t.Context(), c.CollectionURL("accounts", Query{}), ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 1 {
		t.Errorf("%d requests in flight on one system with concurrency 1", p)
	}
}

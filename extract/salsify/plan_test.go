package salsify_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
)

// probes counts the plan's one-product listing requests (per_page=1) and
// the most of them in flight at once. The first two wait for each other (at
// most wait), so probes sent together overlap however slow the machine is,
// and probes sent one after the other never do.
type probes struct {
	h               http.Handler
	wait            time.Duration
	reqs, now, peak atomic.Int32
	once            sync.Once
	both            chan struct{}
}

func newProbes(h http.Handler, wait time.Duration) *probes {
	return &probes{h: h, wait: wait, both: make(chan struct{})}
}

func (p *probes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("per_page") == "1" {
		n := p.now.Add(1)
		defer p.now.Add(-1)
		for m := p.peak.Load(); n > m && !p.peak.CompareAndSwap(m, n); m = p.peak.Load() {
		}
		if n >= 2 {
			p.once.Do(func() { close(p.both) })
		}
		if p.reqs.Add(1) <= 2 {
			select {
			case <-p.both:
			case <-time.After(p.wait):
			case <-r.Context().Done():
			}
		}
	}
	p.h.ServeHTTP(w, r)
}

// TestPlanProbesTogether: the plan of a pass deeper than the result window
// reads the quantiles the window reaches concurrently, one per call, and
// only the deeper one after them: 3 probes in 2 rounds with 2 calls, not 3
// rounds of one. Each round is a round trip the pass's calls spend idle.
func TestPlanProbesTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 13,600 products")
	}
	// 13,600: the rest after the first page splits at 3,375, 6,750 and
	// 10,125; the last lies past the result window.
	const n, size = 13_600, 100
	srv := newEmulator(n)
	srv.SetRateLimit(1_000_000, time.Hour)
	p := newProbes(srv, 5*time.Second)
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	d := drainN(t, partitionedExtractor(t, ts.URL, size, 2, api.Options{}), record.Cursor{}, 0)
	assertOnce(t, d.keys, n)
	if got := p.reqs.Load(); got != 3 {
		t.Errorf("the plan read %d quantiles, want 3", got)
	}
	if got := p.peak.Load(); got != 2 {
		t.Errorf("at most %d quantiles were read at once, want 2 (one per call)", got)
	}
}

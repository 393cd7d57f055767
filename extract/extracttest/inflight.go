package extracttest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// InFlight wraps an emulator's handler for tests of how many requests a
// pass keeps in flight at once: it counts the requests Match accepts (every
// request when Match is nil), those in flight now and the most in flight at
// once. Each counted request is held for Hold before it is served.
//
// With Fill set, each counted request is first held until Fill requests
// have been in flight at once, or for at most FillWait, whichever comes
// first; once Fill were in flight together, no request waits for that any
// more. Requests a pass sends together then overlap however slow the
// machine is (a short Hold alone leaves that to the scheduler), while a
// pass that never sends Fill together only runs slower and shows a lower
// Peak. More than Fill in flight still show in Peak: the wait never turns
// a request away.
type InFlight struct {
	Handler  http.Handler
	Match    func(*http.Request) bool
	Hold     time.Duration
	Fill     int32
	FillWait time.Duration

	reqs, now, peak atomic.Int32
	once            sync.Once
	filled          chan struct{}
}

// NewInFlight returns h counted, with no hold and no fill; set the other
// fields before the first request.
func NewInFlight(h http.Handler) *InFlight {
	return &InFlight{Handler: h, filled: make(chan struct{})}
}

// ServeHTTP counts r when Match accepts it, holds it as the fields say and
// serves it with Handler.
func (c *InFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c.Match == nil || c.Match(r) {
		n := c.now.Add(1)
		defer c.now.Add(-1)
		c.reqs.Add(1)
		for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
		}
		c.awaitFill(r, n)
		if c.Hold > 0 {
			time.Sleep(c.Hold)
		}
	}
	c.Handler.ServeHTTP(w, r)
}

// awaitFill holds a request that is the n-th in flight until Fill were in
// flight at once, FillWait passed or the client left.
func (c *InFlight) awaitFill(r *http.Request, n int32) {
	if c.Fill <= 0 {
		return
	}
	if n >= c.Fill {
		c.once.Do(func() { close(c.filled) })
		return
	}
	wait := time.NewTimer(c.FillWait)
	defer wait.Stop()
	select {
	case <-c.filled:
	case <-wait.C:
	case <-r.Context().Done():
	}
}

// Requests returns how many requests were counted.
func (c *InFlight) Requests() int32 { return c.reqs.Load() }

// Peak returns the most counted requests that were in flight at once.
func (c *InFlight) Peak() int32 { return c.peak.Load() }

package main

import (
	"context"
	"net/http"
	"sync"
)

// inflight counts the requests whose handlers are running, so that steward
// serve closes the state store only once they returned: http.Server.Close
// cuts connections but does not wait for their handlers. Once stopped, it
// runs no more handlers: a request read just as the connections were cut
// gets 503.
type inflight struct {
	mu      sync.Mutex
	n       int
	stopped bool
	zero    chan struct{} // closed when n drops to 0; nil while nobody waits
}

// wrap counts h's calls while they run; after stop it answers 503
// instead of calling h.
func (f *inflight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !f.begin() {
			w.Header().Set("Connection", "close")
			http.Error(w, "steward is stopping", http.StatusServiceUnavailable)
			return
		}
		defer f.end()
		h.ServeHTTP(w, r)
	})
}

// begin counts a handler starting; false once stopped.
func (f *inflight) begin() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return false
	}
	f.n++
	return true
}

// stop lets no handler begin from now on.
func (f *inflight) stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
}

func (f *inflight) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 && f.zero != nil {
		close(f.zero)
		f.zero = nil
	}
}

// count is how many handlers run now.
func (f *inflight) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// wait returns once no handler runs, or when ctx ends; it returns how many
// still run.
func (f *inflight) wait(ctx context.Context) int {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return 0
	}
	if f.zero == nil {
		f.zero = make(chan struct{})
	}
	zero := f.zero
	f.mu.Unlock()
	select {
	case <-zero:
		return 0
	case <-ctx.Done():
		return f.count()
	}
}

package salsify

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultRateLimit is Salsify's documented budget: 10,000 requests per hour
// per organization (PROTOCOLS.md §9).
const DefaultRateLimit = 10000

// limiter counts an organization's requests in fixed windows aligned on the
// clock (an hour window resets at the top of each hour, as Salsify's does).
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	start  time.Time
	used   int
}

// SetRateLimit sets the organization's budget to n requests per window and
// starts a fresh window; tests use it to reach the limit quickly.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.limit.mu.Lock()
	defer s.limit.mu.Unlock()
	s.limit.max, s.limit.window, s.limit.start, s.limit.used = n, window, time.Time{}, 0
}

// state rolls the window forward to now and returns the budget, what remains
// and the whole seconds until the window resets; the caller holds l.mu.
func (l *limiter) state(now time.Time) (limit, remaining, reset int) {
	start := now.Truncate(l.window)
	if !start.Equal(l.start) {
		l.start, l.used = start, 0
	}
	left := start.Add(l.window).Sub(now)
	reset = int((left + time.Second - 1) / time.Second)
	return l.max, max(l.max-l.used, 0), reset
}

// take counts one request; ok is false when the budget is spent.
func (l *limiter) take(now time.Time) (limit, remaining, reset int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit, remaining, reset = l.state(now)
	if remaining == 0 {
		return limit, 0, reset, false
	}
	l.used++
	return limit, remaining - 1, reset, true
}

// peek returns the headers' figures without counting a request.
func (l *limiter) peek(now time.Time) (limit, remaining, reset int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state(now)
}

func setRateHeaders(w http.ResponseWriter, limit, remaining, reset int) {
	h := w.Header()
	h.Set("x-ratelimit-limit", strconv.Itoa(limit))
	h.Set("x-ratelimit-remaining", strconv.Itoa(remaining))
	h.Set("x-ratelimit-reset", strconv.Itoa(reset))
}

// rateHeaders sets the rate-limit headers of an answer that does not count
// against the budget (not authenticated, unknown organization).
func (s *Server) rateHeaders(w http.ResponseWriter) {
	limit, remaining, reset := s.limit.peek(s.clock())
	setRateHeaders(w, limit, remaining, reset)
}

// admit counts the request against the organization's budget and sets the
// headers; when the budget is spent it answers 429 and returns false. The
// emulator sends no Retry-After here: Salsify documents only x-ratelimit-reset
// (seconds until the top of the hour), so a client must read that header.
func (s *Server) admit(w http.ResponseWriter) bool {
	limit, remaining, reset, ok := s.limit.take(s.clock())
	setRateHeaders(w, limit, remaining, reset)
	if !ok {
		writeErrors(w, http.StatusTooManyRequests, rateLimitMessage(limit))
	}
	return ok
}

func rateLimitMessage(limit int) string {
	return "API rate limit of " + strconv.Itoa(limit) + " requests exceeded for this organization"
}

package dataverse

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// window is the service protection sliding window (PROTOCOLS.md §5.6).
const window = 5 * time.Minute

// limiter enforces the per-user request budget over a sliding window and the
// per-user concurrent requests.
type limiter struct {
	mu       sync.Mutex
	max      int
	conc     int
	seen     map[string][]time.Time
	inFlight map[string]int
}

func newLimiter(max, conc int) limiter {
	return limiter{max: max, conc: conc, seen: map[string][]time.Time{}, inFlight: map[string]int{}}
}

func (l *limiter) reset(max int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.max, l.seen = max, map[string][]time.Time{}
}

// take admits one request of user at now. It returns the requests left in
// the window, and a 429 error with its Retry-After seconds when refused.
func (l *limiter) take(user string, now time.Time) (left int, retry int, err *apiError) {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := l.seen[user]
	for len(seen) > 0 && !seen[0].After(now.Add(-window)) {
		seen = seen[1:]
	}
	l.seen[user] = seen
	if l.inFlight[user] >= l.conc {
		return l.max - len(seen), 1, fail(http.StatusTooManyRequests, codeConcurrency, concurrencyMessage(l.conc))
	}
	if len(seen) >= l.max {
		wait := seen[0].Add(window).Sub(now)
		return 0, int((wait + time.Second - 1) / time.Second), fail(http.StatusTooManyRequests, codeRequests, requestsMessage(l.max))
	}
	l.seen[user] = append(seen, now)
	l.inFlight[user]++
	return l.max - len(seen) - 1, 0, nil
}

// done ends one request of user.
func (l *limiter) done(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight[user]--
}

// admit counts the request and sets the diagnostic headers; when a limit is
// hit it answers 429 with Retry-After and returns false.
func (e *Emulator) admit(w http.ResponseWriter, user string) bool {
	left, retry, err := e.limit.take(user, e.clock())
	h := w.Header()
	h.Set("x-ms-ratelimit-burst-remaining-xrm-requests", strconv.Itoa(max(left, 0)))
	h.Set("x-ms-ratelimit-time-remaining-xrm-requests", "1,200.00")
	if err == nil {
		return true
	}
	h.Set("Retry-After", strconv.Itoa(max(retry, 1)))
	writeError(w, err)
	return false
}

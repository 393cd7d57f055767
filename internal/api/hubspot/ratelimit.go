package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// limiters holds the limiter of each HTTP client still in use.
var limiters sync.Map // weak.Pointer[httpx.Client] -> *limiter

// limiterOf returns h's limiter, made by mk on first use.
func limiterOf(h *httpx.Client, mk func() *limiter) *limiter {
	if h == nil {
		return mk()
	}
	key := weak.Make(h)
	if l, ok := limiters.Load(key); ok {
		return l.(*limiter)
	}
	l, loaded := limiters.LoadOrStore(key, mk())
	if !loaded {
		runtime.AddCleanup(h, func(k weak.Pointer[httpx.Client]) { limiters.Delete(k) }, key)
	}
	return l.(*limiter)
}

// Pacing tunes the limiter; the zero value is production behaviour.
type Pacing struct {
	// Low is the remaining count of the burst window at or below which
	// requests wait for the window to pass (default 1).
	Low int
	// Sleep waits (default: a timer that stops on cancellation).
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// limiter keeps the burst window HubSpot announces in
// X-HubSpot-RateLimit-Max, -Remaining and -Interval-Milliseconds, and the
// daily remaining count. It counts its own requests down between answers and
// takes HubSpot's count from an answer to a request sent after the one its
// count came from (less the requests sent since); answers to concurrent
// requests arriving out of order never give back requests already sent. The
// window is rolling: once an interval has passed since the count began,
// every request counted in it has left, and the count starts afresh. When
// the window is nearly spent it waits one whole interval. Search requests
// carry no headers and are spaced by their own rate.
type limiter struct {
	mu        sync.Mutex
	cfg       Pacing
	reserve   int
	known     bool
	remaining int
	// began is when the count was first taken from HubSpot; sent numbers
	// the requests sent and from the one whose answer the count came from.
	began     time.Time
	sent      uint64
	from      uint64
	interval  time.Duration
	daily     int
	dailyKnow bool
	// zone is the portal's time zone, at whose midnight the daily count
	// resets; dailyDay the day (in zone) the count was learnt on.
	zone     *time.Location
	dailyDay string
	gap      time.Duration
	lastSrch time.Time
	// Waits counts the waits for a window, for tests and logs.
	waits int
	// quota paces the keeping of the daily figure in the system's state.
	quota quotaLog
}

func newLimiter(cfg Pacing, reserve int, searchPerSecond float64, zone *time.Location) *limiter {
	if cfg.Sleep == nil {
		cfg.Sleep = retry.Sleep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Low <= 0 {
		cfg.Low = 1
	}
	gap := time.Duration(0)
	if searchPerSecond > 0 {
		gap = time.Duration(float64(time.Second) / searchPerSecond)
	}
	if zone == nil {
		zone = time.UTC
	}
	return &limiter{cfg: cfg, reserve: reserve, gap: gap, interval: 10 * time.Second, zone: zone}
}

// observe reads the rate-limit headers of the answer to request seq; an
// answer without them (a search answer) leaves the last known window in
// place.
func (l *limiter) observe(h http.Header, seq uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n, ok := header(h, hdrDailyRemaining); ok {
		l.daily, l.dailyKnow, l.dailyDay = n, true, l.today()
	}
	if ms, ok := header(h, "X-HubSpot-RateLimit-Interval-Milliseconds"); ok && ms > 0 {
		l.interval = time.Duration(ms) * time.Millisecond
	}
	n, ok := header(h, "X-HubSpot-RateLimit-Remaining")
	if !ok {
		n, ok = header(h, "X-HubSpot-RateLimit-Secondly-Remaining")
	}
	if !ok || l.known && seq <= l.from {
		return // no count, or one older than the count kept
	}
	if !l.known {
		l.began = l.cfg.Now()
	}
	// Requests sent after seq are not in HubSpot's count yet.
	l.known, l.remaining, l.from = true, n-int(l.sent-seq), seq
}

// today is the portal's date now.
func (l *limiter) today() string { return l.cfg.Now().In(l.zone).Format(time.DateOnly) }

func header(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get(name)))
	return n, err == nil
}

// wait is called before every request; search says it is a search request.
// It returns the request's number for observe.
func (l *limiter) wait(ctx context.Context, search bool) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dailyKnow && l.dailyDay != l.today() {
		l.dailyKnow = false // a new day of the portal: the count was reset
	}
	if l.dailyKnow && l.daily <= l.reserve {
		return 0, fmt.Errorf("hubspot daily quota is down to %d requests, the reserve is %d: %w", l.daily, l.reserve, retry.ErrQuotaReserve)
	}
	l.sent++
	if search {
		return l.sent, l.spaceSearch(ctx)
	}
	if l.known && l.cfg.Now().Sub(l.began) >= l.interval {
		l.known = false // the rolling window has passed: refilled
	}
	if l.known && l.remaining <= l.cfg.Low {
		if err := l.sleep(ctx, l.interval); err != nil {
			return 0, err
		}
		l.known = false
		l.waits++
	}
	if l.known {
		l.remaining--
	}
	if l.dailyKnow {
		l.daily--
	}
	return l.sent, nil
}

// spaceSearch keeps search requests the configured gap apart.
func (l *limiter) spaceSearch(ctx context.Context) error {
	now := l.cfg.Now()
	if !l.lastSrch.IsZero() {
		if d := l.lastSrch.Add(l.gap).Sub(now); d > 0 {
			if err := l.sleep(ctx, d); err != nil {
				return err
			}
			now = now.Add(d)
		}
	}
	l.lastSrch = now
	return nil
}

// sleep waits d, paid from the run's retry budget when it has one.
func (l *limiter) sleep(ctx context.Context, d time.Duration) error {
	if b := retry.BudgetFrom(ctx); b != nil && !b.Take(d) {
		return fmt.Errorf("hubspot rate limit needs a wait of %s the run cannot afford: %w", d, retry.ErrBudgetExhausted)
	}
	return l.cfg.Sleep(ctx, d)
}

// windowWait is how long a 429 of the burst window waits before the request
// is sent again: its Retry-After in seconds when sent (HubSpot does not
// promise one), else the window's interval (a second for a search, whose
// limit is per second).
func (l *limiter) windowWait(h http.Header, search bool) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	window := l.interval
	if search {
		window = time.Second
	} else {
		l.known = false
	}
	if n, ok := header(h, "Retry-After"); ok && n >= 0 && time.Duration(n)*time.Second < window {
		return time.Duration(n) * time.Second
	}
	return window
}

// Waits reports how many times requests waited for a burst window.
func (c *Client) Waits() int {
	c.lim.mu.Lock()
	defer c.lim.mu.Unlock()
	return c.lim.waits
}

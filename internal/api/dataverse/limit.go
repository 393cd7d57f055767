package dataverse

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/retry"
)

// Window is Dataverse's service protection window (PROTOCOLS.md 5.6).
const Window = 5 * time.Minute

// Options are test seams; the zero value is production behaviour.
type Options struct {
	// Now is the clock of the request window (default time.Now).
	Now func() time.Time
	// Sleep waits for room in the window (default: a timer that stops on
	// cancellation).
	Sleep func(ctx context.Context, d time.Duration) error
}

// guard keeps this client within the service protection limits: at most
// concurrency requests in flight and windowMax requests in any 5-minute
// window, and stops with retry.ErrQuotaReserve once the server announces no
// more than reserve requests left in its window.
type guard struct {
	slots   chan struct{}
	mu      sync.Mutex
	sent    []time.Time
	max     int
	reserve int
	// low is when the server last announced the reserve reached.
	low time.Time
	opt Options
	log zerolog.Logger
}

func newGuard(s Settings, opt Options, log zerolog.Logger) *guard {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = retry.Sleep
	}
	return &guard{slots: make(chan struct{}, max(s.Concurrency, 1)), max: max(s.WindowRequests, 1), reserve: s.QuotaReserve, opt: opt, log: log}
}

// acquire waits for a free slot and room in the window; release must follow.
func (g *guard) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := g.reserved(); err != nil {
		g.release()
		return err
	}
	for {
		wait := g.take()
		if wait <= 0 {
			return nil
		}
		if !retry.BudgetFrom(ctx).Take(wait) {
			g.release()
			return fmt.Errorf("wait %s for the 5-minute request window: %w", wait, retry.ErrBudgetExhausted)
		}
		if err := g.opt.Sleep(ctx, wait); err != nil {
			g.release()
			return err
		}
	}
}

func (g *guard) release() { <-g.slots }

// take records a request now when the window has room, else returns how
// long until its oldest request leaves it.
func (g *guard) take() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.opt.Now()
	i := 0
	for i < len(g.sent) && now.Sub(g.sent[i]) >= Window {
		i++
	}
	g.sent = g.sent[i:]
	if len(g.sent) < g.max {
		g.sent = append(g.sent, now)
		return 0
	}
	return Window - now.Sub(g.sent[0])
}

// reserved refuses a request while the server's last announcement of the
// window's remaining requests, less than Window ago, was at the reserve.
func (g *guard) reserved() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.low.IsZero() || g.opt.Now().Sub(g.low) >= Window {
		return nil
	}
	return fmt.Errorf("the server announced at most %d requests left in its 5-minute window: %w", g.reserve, retry.ErrQuotaReserve)
}

// observe logs the x-ms-ratelimit-* headers of a response at debug level and
// notes the reserve reached, so that the next request stops the run partial
// while this answer is still used.
func (g *guard) observe(h http.Header, url string) {
	burst := h.Get("x-ms-ratelimit-burst-remaining-xrm-requests")
	timeLeft := h.Get("x-ms-ratelimit-time-remaining-xrm-requests")
	if burst == "" && timeLeft == "" {
		return
	}
	g.log.Debug().Str("url", url).Str("burst_remaining", burst).Str("time_remaining", timeLeft).Msg("dataverse service protection headers")
	n, err := strconv.Atoi(burst)
	if err != nil || g.reserve <= 0 || n > g.reserve {
		return
	}
	g.mu.Lock()
	g.low = g.opt.Now()
	g.mu.Unlock()
}

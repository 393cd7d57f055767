package salsify

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/retry"
)

// Pacing tunes the slow-down ahead of Salsify's hourly request budget
// (about 10,000 requests an hour per organization, announced in
// x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset).
type Pacing struct {
	// Low is the remaining count at or below which requests wait for the
	// reset (default: 1 % of the limit, at least 10).
	Low int
	// Sleep waits (default: a timer that stops on cancellation).
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// pacer keeps the last announced budget. When little is left it waits for
// the reset, paying the wait from the run's retry budget; when the run
// cannot afford the wait it spends what is left, and with nothing left it
// stops with retry.ErrBudgetExhausted instead of drawing 429s.
type pacer struct {
	mu        sync.Mutex
	cfg       Pacing
	known     bool
	limit     int
	remaining int
	reset     time.Time
}

func newPacer(cfg Pacing) *pacer {
	if cfg.Sleep == nil {
		cfg.Sleep = retry.Sleep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &pacer{cfg: cfg}
}

// observe reads an answer's rate-limit headers; an answer without them
// leaves the last known budget in place.
func (p *pacer) observe(h http.Header) {
	remaining, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Remaining")))
	reset, ok := p.parseReset(h.Get("X-Ratelimit-Reset"))
	if err1 != nil || !ok {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known && sameWindow(p.reset, reset) {
		// Answers to concurrent requests arrive in any order: an earlier
		// count must not give back requests already sent in this window.
		remaining = min(remaining, p.remaining)
	}
	p.known, p.remaining, p.reset = true, remaining, reset
	if limit, err := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Limit"))); err == nil {
		p.limit = limit
	}
}

// parseReset reads x-ratelimit-reset, whose unit the harvested docs do not
// fix: a large number is a Unix time in seconds, a small one the seconds
// until the reset.
func (p *pacer) parseReset(v string) (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if n > 1_000_000_000 {
		return time.Unix(n, 0), true
	}
	return p.cfg.Now().Add(time.Duration(n) * time.Second), true
}

// sameWindow reports whether two announced resets are the same one: a
// reset given in whole seconds from now moves by under a second between
// answers of one window.
func sameWindow(a, b time.Time) bool {
	d := a.Sub(b)
	return d < 2*time.Second && d > -2*time.Second
}

// spent reports whether the last answer announced no request left before a
// reset still to come.
func (p *pacer) spent() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known && p.remaining <= 0 && p.reset.After(p.cfg.Now())
}

func (p *pacer) low() int {
	if p.cfg.Low > 0 {
		return p.cfg.Low
	}
	return max(p.limit/100, 10)
}

// wait is called before every request.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known || p.remaining > p.low() {
		p.remaining--
		return nil
	}
	d := p.reset.Sub(p.cfg.Now())
	if d <= 0 {
		p.known = false
		return nil
	}
	if b := retry.BudgetFrom(ctx); b.Take(d) {
		if err := p.cfg.Sleep(ctx, d); err != nil {
			return err
		}
		p.known = false
		return nil
	}
	if p.remaining > 0 {
		p.remaining--
		return nil
	}
	return fmt.Errorf("salsify request budget is spent until %s and the run cannot wait %s: %w",
		p.reset.UTC().Format(time.RFC3339), d.Round(time.Second), retry.ErrBudgetExhausted)
}

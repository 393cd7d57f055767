package httpx

import (
	"context"
	"time"

	"github.com/stewardhq/steward/internal/retry"
)

// Observer is told what the client stack does, for metrics. Its methods are
// called from the goroutines making requests and must be safe for concurrent
// use; they must not block.
type Observer interface {
	// Request reports one attempt at a request to system: the status code
	// (0 when no answer came: a network error or a timeout) and how long
	// the attempt took, body included, without the rate limiter's wait.
	Request(system string, code int, d time.Duration)
	// Retry reports that a failed attempt is about to be made again.
	Retry(system string)
	// Wait reports time spent waiting because of a rate limit: for the
	// system's own limiter, as a 429 answer asked, or by a connector's own
	// pacing (Client.PacedSleep).
	Wait(system string, d time.Duration)
}

// nopObserver is the observer of a client without one.
type nopObserver struct{}

func (nopObserver) Request(string, int, time.Duration) {}
func (nopObserver) Retry(string)                       {}
func (nopObserver) Wait(string, time.Duration)         {}

// limitWait adds up the rate limiter's waits within one attempt, so that the
// attempt's latency is reported without them.
type limitWait struct{ d time.Duration }

type limitWaitKey struct{}

// withLimitWait returns ctx carrying a fresh tally of limiter waits.
func withLimitWait(ctx context.Context) (context.Context, *limitWait) {
	w := &limitWait{}
	return context.WithValue(ctx, limitWaitKey{}, w), w
}

// addLimitWait adds d to the tally ctx carries, if any.
func addLimitWait(ctx context.Context, d time.Duration) {
	if w, ok := ctx.Value(limitWaitKey{}).(*limitWait); ok {
		w.d += d
	}
}

// PacedSleep returns sleep (nil: retry.Sleep) telling the client's observer
// (and the run's tally the wait's ctx carries) of every wait it completes:
// for a connector that paces its system itself, outside the stack's rate
// limiter (a vendor's announced window, its own wait after a 429), so that
// the wait is counted like the stack's own. A nil client returns sleep as
// it is.
func (c *Client) PacedSleep(sleep func(context.Context, time.Duration) error) func(context.Context, time.Duration) error {
	if sleep == nil {
		sleep = retry.Sleep
	}
	if c == nil {
		return sleep
	}
	return func(ctx context.Context, d time.Duration) error {
		if err := sleep(ctx, d); err != nil {
			return err
		}
		if d > 0 {
			c.obs.Wait(c.name, d)
			TallyFrom(ctx).waited(d)
		}
		return nil
	}
}

// Retried tells the client's observer, and the run's tally ctx carries,
// that a connector sent a request to its system again itself (after waiting
// out a 429 the stack passed up). A nil client does nothing.
func (c *Client) Retried(ctx context.Context) {
	if c != nil {
		c.obs.Retry(c.name)
		TallyFrom(ctx).retry()
	}
}

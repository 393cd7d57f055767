package jobs

import (
	"context"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/store"
)

// withRunTally returns ctx carrying a fresh tally of the run's HTTP traffic:
// the client stack counts there every request made with ctx, so a run's
// figures are its own although the runner's clients serve every run.
func withRunTally(ctx context.Context) context.Context {
	return httpx.WithTally(ctx, &httpx.Tally{})
}

// httpFigures are the HTTP figures of the run's tally ctx carries so far
// (nil when it carries none).
func httpFigures(ctx context.Context) *store.HTTPCounts {
	t := httpx.TallyFrom(ctx)
	if t == nil {
		return nil
	}
	c := t.Counts()
	return &store.HTTPCounts{Requests: c.Requests, Retries: c.Retries, Throttled: c.Throttled,
		ServerErrors: c.ServerErrors, RateLimitWaitMS: c.Wait.Milliseconds()}
}

// recordHTTP stores the run's final HTTP figures. They are the run's
// account, not its outcome: a failure to store them is logged, and the
// figures of its last stored page stay.
func (r *Runner) recordHTTP(ctx context.Context, log zerolog.Logger, runID int64) {
	h := httpFigures(ctx)
	if h == nil {
		return
	}
	if err := r.Store.SetRunHTTP(ctx, runID, *h); err != nil {
		log.Warn().Err(err).Msg("run http counts not recorded")
	}
}

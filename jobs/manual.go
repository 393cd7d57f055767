package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
)

// manualRun runs fn as a manual run of job: it takes the job's lock and
// records the outcome in run history, with the HTTP figures of the requests
// fn makes with the context it is given.
func (r *Runner) manualRun(ctx context.Context, job config.Job, fn func(context.Context, zerolog.Logger, int64) error) (int64, error) {
	runID, err := r.Store.BeginRun(ctx, job.Name, store.TriggerManual)
	if err != nil {
		return 0, fmt.Errorf("run %s: %w", job.Name, err)
	}
	log := r.Log.With().Str(logkey.Job, job.Name).Int64(logkey.Run, runID).Logger()
	ctx = withRunTally(ctx)
	err = fn(ctx, log, runID)
	status, text := store.StatusSucceeded, ""
	if text, err = r.privateErr(err); err != nil {
		status = store.StatusFailed
	}
	cleanup := context.WithoutCancel(ctx)
	r.recordHTTP(cleanup, log, runID)
	err = errors.Join(err, r.Store.FinishRun(cleanup, runID, status, text), r.Store.ReleaseLock(cleanup, job.Name, runID))
	return runID, err
}

package jobs

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// conflictRounds bounds the drains of one target in a run: the first, and
// one more for the writes a conflict queued again with overwrite (a second
// conflict of those is dead-lettered by the transform stage).
const conflictRounds = 3

// drainSettled drains the job's outbox to target t and hands the writes the
// target refused as concurrent changes to the transform stage; writes it
// queues again are drained once more.
func (r *Runner) drainSettled(ctx context.Context, log zerolog.Logger, job config.Job, t config.Target, runID int64) error {
	for range conflictRounds {
		if err := r.drain(ctx, log, job, t, runID); err != nil {
			return err
		}
		again, err := r.settleConflicts(ctx, log, job, t, runID)
		if err != nil || again == 0 {
			return err
		}
	}
	return nil
}

// settleConflicts asks the transform stage to decide every write of job to
// t in conflict, records the decisions and returns how many were queued
// again.
func (r *Runner) settleConflicts(ctx context.Context, log zerolog.Logger, job config.Job, t config.Target, runID int64) (int, error) {
	cs, err := r.Store.Conflicts(ctx, job.Name, t.System)
	if err != nil || len(cs) == 0 {
		return 0, err
	}
	dt, err := r.dataType(job)
	if err != nil {
		return 0, err
	}
	outs := make([]store.ConflictOutcome, len(cs))
	again := 0
	for i, c := range cs {
		if outs[i], err = transform.SettleConflict(ctx, r.Store, dt, job, t, c); err != nil {
			return 0, fmt.Errorf("decide conflict: %w", err)
		}
		if outs[i].Status == store.OutboxPending {
			again++
		}
		if outs[i].Status == store.OutboxDead {
			s := store.Settle{Status: store.OutboxDead, Reason: outs[i].Reason}
			r.protectSettle(job, c.Payload, &s)
			outs[i].Reason, outs[i].Letter = s.Reason, s.Letter
		}
		log.Info().Str(logkey.System, t.System).Str(logkey.ExternalID, c.ExternalID).Str(logkey.Status, outs[i].Status).
			Str(logkey.Reason, outs[i].Reason).Msg("write conflict decided")
	}
	return again, r.Store.SettleConflicts(ctx, runID, outs)
}

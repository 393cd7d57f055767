package jobs

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// The source system wins: a reconcile compares every staged source value with
// the target's current value and writes the differences. Where the target's
// loader can list its current values in pages (load.ReconcileReader), the
// reconcile reads them so and queues only the records that differ, or that the
// target did not list; elsewhere it queues a write of every staged record
// (only the owned fields). Either way the loader reads the targets' current
// values before writing and sends only what differs, so a reconcile is
// idempotent and costs reads, not writes. It runs after a completed live pass
// that began from nothing (mode full, first run, after state reset) and, when
// load.reconcile_every is set, at least that often.

// reconcileBatch is how many writes one outbox transaction queues.
const reconcileBatch = 500

// reconciles reports whether runs of job on stream can reconcile at all:
// only where the source is the source of truth (under the other strategies
// a target's own changes are not drift).
func (r *Runner) reconciles(job config.Job, stream string) bool {
	if stream != LiveStream || len(job.Load.Targets) == 0 {
		return false
	}
	dt, err := r.dataType(job)
	return err == nil && transform.StrategyOf(dt, job) == transform.SourceOfTruth
}

// noteFullPass marks a reconcile due when this run begins a full pass. The
// mark stays until the reconcile is queued, so a pass interrupted by a kill
// still reconciles when it completes.
func (r *Runner) noteFullPass(ctx context.Context, job config.Job, stream string) error {
	if !r.reconciles(job, stream) {
		return nil
	}
	cur, err := r.Store.Cursor(ctx, job.Name, stream)
	if err != nil {
		return err
	}
	if job.Extract.Mode == config.ModeFull || (cur.Watermark.IsZero() && !cur.InPass()) {
		return r.Store.MarkReconcileDue(ctx, job.Name)
	}
	return nil
}

// reconcileIfDue queues the reconcile once the live pass is complete, when a
// full pass marked it due or reconcile_every has passed since the last one.
func (r *Runner) reconcileIfDue(ctx context.Context, log zerolog.Logger, job config.Job, runID int64, stream string) error {
	if !r.reconciles(job, stream) {
		return nil
	}
	cur, err := r.Store.Cursor(ctx, job.Name, stream)
	if err != nil || cur.InPass() {
		return err
	}
	due, last, err := r.Store.ReconcileState(ctx, job.Name)
	if err != nil {
		return err
	}
	every := job.Load.ReconcileEvery.Std()
	if !due && (every <= 0 || (!last.IsZero() && r.now().Sub(last) < every)) {
		return nil
	}
	return r.reconcile(ctx, log, job, runID)
}

// reconcile queues a write of every staged record of the job's source that
// differs from its target.
func (r *Runner) reconcile(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) error {
	dt, err := r.dataType(job)
	if err != nil {
		return err
	}
	cur, err := r.readCurrents(ctx, log, job)
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", job.Name, err)
	}
	var batch []store.OutboxItem
	compared, enqueued, skipped, same := 0, 0, 0, 0
	flush := func() error {
		n, err := r.Store.EnqueueReconcile(ctx, batch)
		enqueued += n
		batch = batch[:0]
		return err
	}
	err = r.Store.EachStagedOf(ctx, job.DataType, job.Extract.System, func(row store.StagedRow) error {
		writes, err := transform.Writes(dt, record.Record{Key: row.Key, Payload: row.Payload}, job.Load.Targets)
		var items []store.OutboxItem
		if err == nil {
			var n int
			writes, n = cur.drifted(writes)
			same += n
			items, err = queued(job, runID, writes)
		}
		if err != nil {
			skipped++ // quarantined with its reason when it was staged
			return nil
		}
		compared++
		batch = append(batch, items...)
		if len(batch) >= reconcileBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err == nil {
		err = r.Store.FinishReconcile(ctx, job.Name, r.now())
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", job.Name, err)
	}
	ev := log.Info()
	if skipped > 0 {
		ev = log.Warn().Int(logkey.Quarantine, skipped)
	}
	ev.Int(logkey.Rows, compared).Int(logkey.Unchanged, same).Int(logkey.Queued, enqueued).Msg("reconcile queued")
	return nil
}

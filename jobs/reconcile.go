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
// differs from its target. Where the job resolves identities, a record the
// crosswalk has not linked and that is the source of an escalation (one the
// transform stage escalated as an ambiguous match and held back, TESTING.md
// row 37, or one a person's decision concerns) is not written: it waits for
// the transform stage to decide it again. A record neither linked nor
// escalated was staged before the crosswalk existed (migration 0008) and is
// written by its target key as before (TESTING.md row 36).
func (r *Runner) reconcile(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) error {
	rc, err := r.newReconciler(ctx, log, job, runID)
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", job.Name, err)
	}
	var rows []store.StagedRow
	err = r.Store.EachStagedOf(ctx, job.DataType, job.Extract.System, func(row store.StagedRow) error {
		if rows = append(rows, row); len(rows) >= reconcileBatch {
			err := rc.add(ctx, rows)
			rows = rows[:0]
			return err
		}
		return nil
	})
	if err == nil {
		err = rc.add(ctx, rows)
	}
	if err == nil {
		err = rc.flush(ctx)
	}
	if err == nil {
		err = r.Store.FinishReconcile(ctx, job.Name, r.now())
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", job.Name, err)
	}
	rc.log(log)
	return nil
}

// reconciler queues the writes of one reconcile in batches and counts them.
type reconciler struct {
	r     *Runner
	job   config.Job
	runID int64
	dt    transform.DataType
	cur   currents
	// linked says the job resolves identities: a record neither crosswalked
	// nor staged before the crosswalk is held back.
	linked bool
	batch  []store.OutboxItem

	compared, enqueued, skipped, same, unlinked int
}

func (r *Runner) newReconciler(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) (*reconciler, error) {
	dt, err := r.dataType(job)
	if err != nil {
		return nil, err
	}
	dec, err := r.decider(job)
	if err != nil {
		return nil, err
	}
	cur, err := r.readCurrents(ctx, log, job)
	if err != nil {
		return nil, err
	}
	return &reconciler{r: r, job: job, runID: runID, dt: dt, cur: cur, linked: dec.Crosswalk != nil}, nil
}

// add queues the writes of staged rows, leaving out the records held back.
func (rc *reconciler) add(ctx context.Context, rows []store.StagedRow) error {
	held, err := rc.held(ctx, rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if held[row.Key] {
			rc.unlinked++ // escalated and not linked (yet)
			continue
		}
		writes, err := transform.Writes(rc.dt, record.Record{Key: row.Key, Payload: row.Payload}, rc.job.Load.Targets)
		var items []store.OutboxItem
		if err == nil {
			var n int
			writes, n = rc.cur.drifted(writes)
			rc.same += n
			items, err = queued(rc.job, rc.runID, writes)
		}
		if err != nil {
			rc.skipped++ // quarantined with its reason when it was staged
			continue
		}
		rc.compared++
		rc.batch = append(rc.batch, items...)
	}
	if len(rc.batch) >= reconcileBatch {
		return rc.flush(ctx)
	}
	return nil
}

// held returns the keys of rows' records that wait for a decision: not
// linked by the crosswalk, and the source of an escalation or marked to be
// decided again (an empty hash: a person's decision moved its link away).
// Nothing is held when the job does not link.
func (rc *reconciler) held(ctx context.Context, rows []store.StagedRow) (map[string]bool, error) {
	if !rc.linked || len(rows) == 0 {
		return nil, nil
	}
	keys := make([]string, len(rows))
	for i, row := range rows {
		keys[i] = row.Key
	}
	system := rc.job.Extract.System
	links, err := rc.r.Store.Links(ctx, system, rc.job.DataType, keys)
	if err != nil {
		return nil, err
	}
	keys = keys[:0]
	redecide := map[string]bool{}
	for _, row := range rows {
		if _, ok := links[row.Key]; !ok {
			keys = append(keys, row.Key)
			redecide[row.Key] = row.Hash == ""
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	held, err := rc.r.Store.EscalatedKeys(ctx, system, rc.job.DataType, keys)
	if err != nil {
		return nil, err
	}
	for k, again := range redecide {
		held[k] = held[k] || again
	}
	return held, nil
}

// flush queues the batched writes.
func (rc *reconciler) flush(ctx context.Context) error {
	if len(rc.batch) == 0 {
		return nil
	}
	n, err := rc.r.Store.EnqueueReconcile(ctx, rc.batch)
	rc.enqueued += n
	rc.batch = rc.batch[:0]
	return err
}

// log reports what the reconcile queued and left out.
func (rc *reconciler) log(log zerolog.Logger) {
	ev := log.Info()
	if rc.skipped > 0 || rc.unlinked > 0 {
		ev = log.Warn().Int(logkey.Quarantine, rc.skipped).Int(logkey.Ambiguous, rc.unlinked)
	}
	ev.Int(logkey.Rows, rc.compared).Int(logkey.Unchanged, rc.same).Int(logkey.Queued, rc.enqueued).Msg("reconcile queued")
}

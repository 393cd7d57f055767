package jobs

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/parquet"
)

// writeBack drains the job's outbox to each target in batches. A batch the
// target refuses as a whole stops the job's write-back, leaving the rest pending
// for the next run; per-record rejects go to the dead-letter table.
func (r *Runner) writeBack(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) error {
	for _, t := range job.Load.Targets {
		if err := r.drainSettled(ctx, log, job, t, runID); err != nil {
			return fmt.Errorf("write back to %s: %w", t.System, err)
		}
	}
	return nil
}

// listReadMin is how many pending writes make the write-back read the
// target's current values through its paged listing first (where the loader
// can, load.ReconcileReader): the listing reads a hundred records a request,
// where the loader reads each record it writes with one, so for a thousand
// writes the listing costs less in any catalog under 100,000 records, and it
// keeps a first run's write of every record inside a rate limit such as
// Salsify's 10,000 requests an hour.
const listReadMin = 1000

func (r *Runner) drain(ctx context.Context, log zerolog.Logger, job config.Job, t config.Target, runID int64) error {
	l, size, err := r.loader(log, job, t)
	if err != nil {
		return err
	}
	defer finish(ctx, log, l)
	cur, err := r.currentsForDrain(ctx, job, t, l)
	if err != nil {
		return err
	}
	var after int64
	for ctx.Err() == nil {
		items, err := r.Store.PendingOutbox(ctx, job.Name, t.System, after, size)
		if err != nil || len(items) == 0 {
			return err
		}
		after = items[len(items)-1].ID
		held, rest, err := cur.held(t.System, items)
		if err == nil && len(held) > 0 {
			err = r.Store.SettleOutbox(ctx, runID, held)
		}
		if err == nil && len(rest) > 0 {
			err = r.writeBatch(ctx, l, job, runID, rest)
		}
		if err != nil {
			return err
		}
		r.recordHTTP(ctx, log, runID) // a run killed later keeps them
	}
	return nil
}

// currentsForDrain reads the target's current values when at least
// listReadMin writes to it are pending and its loader can list them.
func (r *Runner) currentsForDrain(ctx context.Context, job config.Job, t config.Target, l load.Loader) (currents, error) {
	cur := currents{}
	if _, ok := l.(load.ReconcileReader); !ok {
		return cur, nil
	}
	pending, err := r.Store.PendingOutbox(ctx, job.Name, t.System, 0, listReadMin)
	if err != nil || len(pending) < listReadMin {
		return cur, err
	}
	return cur, cur.read(ctx, t.System, l)
}

// loader builds the loader of a target and the batch size it accepts.
func (r *Runner) loader(log zerolog.Logger, job config.Job, t config.Target) (load.Loader, int, error) {
	kind, err := r.kindOf(t.System)
	if err != nil {
		return nil, 0, err
	}
	if kind.Load == nil {
		return nil, 0, fmt.Errorf("system %s: kind %s has no loader", t.System, kind.Name)
	}
	settings, err := r.SystemSettings(t.System)
	if err != nil {
		return nil, 0, err
	}
	c, err := r.client(t.System)
	if err != nil {
		return nil, 0, err
	}
	l, err := kind.Load(load.Spec{System: t.System, Config: r.Config, Settings: settings, Job: job, Target: t, Client: c, State: r.systemStateOf(t.System), Log: log})
	if err != nil {
		return nil, 0, err
	}
	size := 100
	if b, ok := l.(load.Batcher); ok {
		size = b.BatchSize()
	}
	return l, size, nil
}

// finish tells a loader that asks to be told (load.Finisher) that the run
// writes no more through it. Failing is logged: what a loader keeps for the
// run's end (a quota figure) is not the run's data.
func finish(ctx context.Context, log zerolog.Logger, l load.Loader) {
	f, ok := l.(load.Finisher)
	if !ok {
		return
	}
	if err := f.Finish(context.WithoutCancel(ctx)); err != nil {
		log.Warn().Err(err).Msg("the loader did not finish cleanly")
	}
}

func (r *Runner) writeBatch(ctx context.Context, l load.Loader, job config.Job, runID int64, items []store.OutboxItem) error {
	uuids, err := r.draftProducts(ctx, items)
	if err != nil {
		return err
	}
	batch := make([]load.Item, len(items))
	for i, it := range items {
		batch[i] = load.Item{ID: it.ID, ExternalID: it.ExternalID, UUID: cmp.Or(it.NativeID, uuids[it.DraftID]), Overwrite: it.Overwrite}
		if err := json.Unmarshal(it.Payload, &batch[i].Fields); err != nil {
			return fmt.Errorf("outbox item %d (%s): %w", it.ID, it.ExternalID, err)
		}
	}
	r.learnWrites(job, items)
	outcomes, err := l.Write(ctx, batch)
	if err != nil {
		return err
	}
	// The crash test kills here: the target took the batch, the outbox does
	// not know yet, and the rerun must write it again without duplicates.
	failpoint.Hit("before_settle")
	byID := make(map[int64]store.OutboxItem, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	settle := make([]store.Settle, len(outcomes))
	for i, o := range outcomes {
		settle[i] = store.Settle{ID: o.ID, Status: outboxStatus(o.Status), Reason: o.Reason, Current: o.Current}
		if o.Status == load.Conflict && byID[o.ID].DraftID != 0 {
			// A draft is never forced over a product changed since: the
			// push fails like a reject, for a person to look again.
			settle[i] = store.Settle{ID: o.ID, Status: store.OutboxDead, Reason: "the product changed in the target since it was read (conflict); review the draft and push it again"}
		}
		r.protectSettle(job, byID[o.ID].Payload, &settle[i])
	}
	return r.Store.SettleOutbox(ctx, runID, settle)
}

// draftProducts returns, by draft id, the product key (the PIM's uuid) of the
// drafts that items push, so that the loader finds each product by uuid, one
// without an identifier included.
func (r *Runner) draftProducts(ctx context.Context, items []store.OutboxItem) (map[int64]string, error) {
	var ids []int64
	for _, it := range items {
		if it.DraftID != 0 {
			ids = append(ids, it.DraftID)
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	ds, err := r.Store.Drafts(ctx, store.DraftFilter{IDs: ids})
	if err != nil {
		return nil, fmt.Errorf("read the products of draft pushes: %w", err)
	}
	for _, d := range ds {
		out[d.ID] = d.ProductKey
	}
	return out, nil
}

func outboxStatus(s string) string {
	switch s {
	case load.Written:
		return store.OutboxWritten
	case load.Unchanged:
		return store.OutboxUnchanged
	case load.Conflict:
		return store.OutboxConflict
	}
	return store.OutboxDead
}

// removeStaleTemps removes the temporary files a killed run left where this
// run writes its snapshot and reports. Failing to is not the run's failure:
// the files are only litter, and writing there reports any real problem.
func (r *Runner) removeStaleTemps(log zerolog.Logger, job config.Job) {
	dirs := []string{filepath.Join(r.Config.Staging.ParquetDir, job.DataType)}
	if job.Quality != nil {
		dirs = append(dirs, r.Config.Staging.ReportDir)
	}
	for _, dir := range dirs {
		removed, err := atomicfile.RemoveStale(dir)
		if err != nil {
			log.Warn().Err(err).Msg("stale temporary files not removed")
		}
		for _, f := range removed {
			log.Info().Str(logkey.File, f).Msg("stale temporary file removed")
		}
	}
}

// snapshotIfBehind writes a snapshot when staging holds changes newer than the
// newest published snapshot: after this run's changes, and also after a run
// that stopped or was killed before its snapshot was published.
func (r *Runner) snapshotIfBehind(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) (string, error) {
	changed, err := r.Store.LastChangeRun(ctx, job.DataType)
	if err != nil {
		return "", err
	}
	published, err := parquet.LatestRun(r.Config.Staging.ParquetDir, job.DataType)
	if err != nil || changed <= published {
		return "", err
	}
	return r.snapshot(ctx, log, job, runID)
}

func (r *Runner) snapshot(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) (string, error) {
	dt, err := r.dataType(job)
	if err != nil {
		return "", err
	}
	snap, err := parquet.WritePrivate(context.WithoutCancel(ctx), r.Store, dt, r.Config.Staging.ParquetDir, runID, r.pii())
	if err != nil {
		return "", err
	}
	log.Info().Str(logkey.File, snap.Path).Int(logkey.Rows, snap.Rows).Msg("snapshot written")
	return snap.Path, nil
}

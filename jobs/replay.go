package jobs

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/store"
)

// ReplayResult counts what a replay wrote.
type ReplayResult struct {
	RunID int64
	// Requeued writes of data and Drafts pushes the replay took up.
	Requeued, DraftPushes int
	// Written and Rejected count every write of the run: the replayed writes
	// and any other write of the job that was waiting (a target that reports a
	// value as already equal counts as neither).
	Written, Rejected int
	// Drafts is the outcome of the replayed draft pushes; Skipped counts
	// drafts no longer approved (rejected, superseded or pushed since), which
	// are not sent.
	Drafts  PushResult
	Skipped int
}

// Replay writes dead letters of a job again now (ids, or all of the job's when
// ids is empty), as a manual run of the job holding its lock: writes of data
// are queued again and sent from the outbox to the job's targets, and drafts
// whose push was rejected are pushed again from their current value, after
// their re-check, if they are still approved.
func (r *Runner) Replay(ctx context.Context, jobName string, ids []int64) (ReplayResult, error) {
	job, ok := r.Config.Job(jobName)
	if !ok {
		return ReplayResult{}, fmt.Errorf("replay: job %s is not in %s", jobName, r.Config.Path)
	}
	var res ReplayResult
	runID, err := r.manualRun(ctx, job, func(log zerolog.Logger, runID int64) error {
		all, err := r.Store.ReplayDeadLetters(ctx, jobName, ids)
		if err != nil || all[jobName] == nil {
			return err
		}
		plan := *all[jobName]
		res.Requeued, res.DraftPushes = plan.Requeued, len(plan.DraftIDs)
		if err := r.writeBack(ctx, log, job, runID); err != nil {
			return err
		}
		if len(plan.DraftIDs) == 0 {
			return nil
		}
		_, spec, err := r.draftJob(jobName)
		if err != nil {
			return err
		}
		approved, err := r.Store.Drafts(ctx, store.DraftFilter{IDs: plan.DraftIDs, Status: store.DraftApproved})
		if err != nil {
			return err
		}
		res.Skipped = len(uniqueIDs(plan.DraftIDs)) - len(approved)
		if len(approved) == 0 {
			return nil
		}
		ids := make([]int64, len(approved))
		for i, d := range approved {
			ids[i] = d.ID
		}
		return r.pushApproved(ctx, log, job, spec, runID, store.DraftFilter{IDs: ids}, &res.Drafts)
	})
	res.RunID = runID
	if runID == 0 {
		return res, err
	}
	if run, gerr := r.Store.GetRun(context.WithoutCancel(ctx), runID); gerr == nil {
		res.Written, res.Rejected = run.Written, run.Rejected
	}
	res.Drafts.RunID = runID
	return res, err
}

func uniqueIDs(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

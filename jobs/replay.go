package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/store"
)

// ReplayResult counts what a replay did with the dead letters it took up.
type ReplayResult struct {
	RunID int64
	// Taken is how many dead letters the replay took up: those it wrote
	// (Written, Unchanged, Rejected again), those it skipped (discarded, with
	// the reasons in Skipped) and those it did not get to send (Unsent: the
	// run stopped; they stay open and the job's next run writes a queued write
	// of data).
	Taken int
	store.ReplayOutcome
	// Drafts is the push of the drafts whose pushes were dead letters.
	Drafts PushResult
}

// SkippedTotal is how many dead letters the replay discarded without a write.
func (r ReplayResult) SkippedTotal() int { return sum(r.Skipped) }

// Replay writes dead letters of a job again now (ids, or all of the job's when
// ids is empty), as a manual run of the job holding its lock: writes of data
// are queued again and sent from the outbox to the job's targets, unless a
// newer write of the same field superseded them; drafts whose push was
// rejected are pushed again from their current value, after their re-check,
// if they are still approved. A dead letter is marked replayed only once its
// write settled; one not sent is discarded with the reason. Each dead letter
// taken up is recorded in the audit trail as replayed by reviewer.
func (r *Runner) Replay(ctx context.Context, jobName string, ids []int64, reviewer string) (ReplayResult, error) {
	job, ok := r.Config.Job(jobName)
	if !ok {
		return ReplayResult{}, fmt.Errorf("replay: job %s is not in %s", jobName, r.Config.Path)
	}
	res := ReplayResult{ReplayOutcome: store.ReplayOutcome{Skipped: map[string]int{}}}
	runID, err := r.manualRun(ctx, job, func(ctx context.Context, log zerolog.Logger, runID int64) error {
		all, err := r.Store.ReplayDeadLetters(ctx, jobName, ids, reviewer)
		if err != nil || all[jobName] == nil {
			return err
		}
		plan := all[jobName]
		res.Taken = len(plan.Entries) + sum(plan.Skipped)
		werr := r.replayWrites(ctx, log, jobName, runID, plan, &res.Drafts)
		out, serr := r.Store.SettleReplay(context.WithoutCancel(ctx), runID, plan.Entries)
		for reason, n := range plan.Skipped {
			out.Skipped[reason] += n
		}
		res.ReplayOutcome = out
		return errors.Join(werr, serr)
	})
	res.RunID, res.Drafts.RunID = runID, runID
	return res, err
}

// replayWrites sends the job's queued writes and pushes the plan's drafts.
func (r *Runner) replayWrites(ctx context.Context, log zerolog.Logger, jobName string, runID int64, plan *store.JobReplay, drafts *PushResult) error {
	job, _ := r.Config.Job(jobName)
	if err := r.writeBack(ctx, log, job, runID); err != nil {
		return err
	}
	ids := plan.DraftIDs()
	if len(ids) == 0 {
		return nil
	}
	_, spec, err := r.draftJob(jobName)
	if err != nil {
		return err
	}
	return r.pushApproved(ctx, log, job, spec, runID, store.DraftFilter{IDs: ids}, drafts)
}

func sum(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

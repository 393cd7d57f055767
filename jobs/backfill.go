package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// Window is one slice of a backfill.
type Window struct {
	From, To time.Time
	// Stream is the window's own cursor stream; the live watermark is never touched.
	Stream string
	Done   bool
	// Records is how many records the source reports for the window (-1: the
	// connector cannot count).
	Records int
	// Requests estimates the page requests the window needs (-1: unknown).
	Requests int
	// FromJobPageSize says Requests was computed from the job's page size,
	// not from the page size the server was seen to use.
	FromJobPageSize bool
}

// BackfillPlan splits [From, To) into windows.
type BackfillPlan struct {
	Job      string
	From, To time.Time
	Windows  []Window
}

// PlanBackfill splits the range into windows of size step and marks those a
// previous backfill of the same range finished. With count it asks the source
// how many records each window holds.
func (r *Runner) PlanBackfill(ctx context.Context, job string, from, to time.Time, step time.Duration, count bool) (BackfillPlan, error) {
	j, ok := r.Config.Job(job)
	if !ok {
		return BackfillPlan{}, fmt.Errorf("backfill %s: no such job", job)
	}
	if !from.Before(to) || step <= 0 {
		return BackfillPlan{}, fmt.Errorf("backfill %s: --from must be before --to and the window positive", job)
	}
	plan := BackfillPlan{Job: job, From: from.UTC(), To: to.UTC()}
	var counter extract.Counter
	if count {
		ext, err := r.extractor(j, r.Log)
		if err != nil {
			return plan, err
		}
		counter, _ = ext.(extract.Counter)
	}
	for lo := plan.From; lo.Before(plan.To); lo = lo.Add(step) {
		w := Window{From: lo, To: minTime(lo.Add(step), plan.To), Records: -1, Requests: -1}
		w.Stream = fmt.Sprintf("backfill:%s/%s", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
		cur, err := r.Store.Cursor(ctx, job, w.Stream)
		if err != nil {
			return plan, err
		}
		w.Done = cur.Done
		if counter != nil && !w.Done {
			if err := countWindow(ctx, counter, &w, j.Extract.PageSize); err != nil {
				return plan, err
			}
		}
		plan.Windows = append(plan.Windows, w)
	}
	return plan, nil
}

// countWindow fills a window's record and page request counts, with the
// server's own page size when the extractor can learn it.
func countWindow(ctx context.Context, counter extract.Counter, w *Window, pageSize int) error {
	from := record.Cursor{Watermark: w.From, Until: w.To}
	var err error
	if pc, ok := counter.(extract.PageCounter); ok {
		w.Records, w.Requests, err = pc.CountPages(ctx, from)
	} else {
		w.Records, err = counter.Count(ctx, from)
		w.Requests, w.FromJobPageSize = max(1, (w.Records+pageSize-1)/max(pageSize, 1)), true
	}
	if err != nil {
		return fmt.Errorf("count window %s: %w", w.Stream, err)
	}
	return nil
}

// BackfillProgress is reported after every stored page of a backfill, and
// once more when it ends (Finished).
type BackfillProgress struct {
	// Window is the 1-based window in progress; Done counts windows finished,
	// those a previous backfill finished included.
	Window, Windows, Done int
	Counts                store.Counts
	// Started is when this backfill began (for rate, elapsed time and ETA).
	Started  time.Time
	Finished bool
}

// Fraction is the share of windows finished, 0 to 1.
func (p BackfillProgress) Fraction() float64 {
	if p.Windows == 0 || p.Finished {
		return 1
	}
	return float64(p.Done) / float64(p.Windows)
}

// Backfill runs each unfinished window of plan as a run of its own, with its
// own cursor, and marks it done when its pass completes. It resumes where a
// killed backfill stopped. The derived outputs (snapshot, quality check and
// reports) are made once, by the run of the last window, not per window.
func (r *Runner) Backfill(ctx context.Context, plan BackfillPlan, progress func(BackfillProgress)) (store.Counts, error) {
	var total store.Counts
	report := func(p BackfillProgress) {
		if progress != nil {
			progress(p)
		}
	}
	last := lastOpenWindow(plan.Windows)
	state := BackfillProgress{Windows: len(plan.Windows), Started: time.Now()}
	for k, w := range plan.Windows {
		if w.Done {
			state.Done++
			continue
		}
		state.Window = k + 1
		req := Request{Job: plan.Job, Trigger: store.TriggerBackfill, Stream: w.Stream, Start: &StartAt{From: w.From, To: w.To},
			SkipDerived: k != last}
		req.Progress = func(c store.Counts) {
			p := state
			p.Counts = total.Add(c)
			report(p)
		}
		res, err := r.Run(ctx, req)
		total = total.Add(res.Counts)
		if err != nil {
			return total, fmt.Errorf("backfill window %s: %w", w.Stream, err)
		}
		if ctx.Err() != nil {
			return total, fmt.Errorf("backfill stopped in window %s: %w", w.Stream, context.Cause(ctx))
		}
		if err := r.markDone(ctx, plan.Job, w.Stream); err != nil {
			return total, err
		}
		state.Done++
		state.Counts = total
		report(state)
	}
	state.Counts, state.Finished = total, true
	report(state)
	return total, nil
}

// lastOpenWindow is the index of the last window not yet done (-1: none).
func lastOpenWindow(ws []Window) int {
	for k := len(ws) - 1; k >= 0; k-- {
		if !ws[k].Done {
			return k
		}
	}
	return -1
}

func (r *Runner) markDone(ctx context.Context, job, stream string) error {
	cur, err := r.Store.Cursor(ctx, job, stream)
	if err != nil {
		return err
	}
	if cur.InPass() {
		return errors.New("backfill window " + stream + " ended inside a pass")
	}
	cur.Done = true
	return r.Store.SetCursor(ctx, job, stream, cur)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

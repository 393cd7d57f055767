package alert

import (
	"context"
	"errors"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// startName names where a job's channel was first watched. Each pair has
// its own start, so a job that gets alerts, or a channel added to a job,
// months later is not sent the events of those months.
func startName(job, channel string) string { return "start:" + job + ":" + channel }

// starts returns the start of every job's channel (the store records it on
// the first pass that sees the pair) and the earliest of them, below which
// no event needs finding.
func (w *Watcher) starts(ctx context.Context, now time.Time) (map[string]store.AlertStart, store.AlertStart, error) {
	out := map[string]store.AlertStart{}
	var floor store.AlertStart
	for _, j := range w.cfg.Jobs {
		if j.Alerts == nil {
			continue
		}
		for _, c := range j.Alerts.Channels {
			st, err := w.st.AlertStartAt(ctx, startName(j.Name, c), now)
			if err != nil {
				return nil, floor, err
			}
			if len(out) == 0 {
				floor = store.AlertStart{RunID: st.RunID, At: st.At}
			}
			out[startName(j.Name, c)] = st
			floor.RunID, floor.Running = min(floor.RunID, st.RunID), append(floor.Running, st.Running...)
			if st.At.Before(floor.At) {
				floor.At = st.At
			}
		}
	}
	return out, floor, nil
}

// after reports whether the event came after start: a run that ended after
// it, or a figure read at or after it.
func (e event) after(start store.AlertStart) bool {
	if e.run > 0 {
		return start.After(e.run)
	}
	return !e.at.Before(start.At)
}

// recordNew finds the events after the starts and records them. Runs up to
// the one this watcher has seen are not looked at again; once every event
// is recorded, seen moves up to the runs that have all ended by now.
func (w *Watcher) recordNew(ctx context.Context, starts map[string]store.AlertStart, floor store.AlertStart, now time.Time) error {
	seen := w.seen.Load()
	settled, err := w.st.RunsSettledThrough(ctx, seen)
	if err != nil {
		return err
	}
	scan := floor
	scan.RunID = max(floor.RunID, seen)
	events, err := w.find(ctx, scan, now)
	errs := []error{err}
	for _, e := range events {
		errs = append(errs, w.record(ctx, e, starts, now))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Raise seen to settled, unless a pass running beside this one (Check
	// is safe to call concurrently) raised it further.
	for cur := seen; settled > cur && !w.seen.CompareAndSwap(cur, settled); cur = w.seen.Load() {
	}
	return nil
}

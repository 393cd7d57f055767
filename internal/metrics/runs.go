package metrics

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/stewardhq/steward/internal/store"
)

// tallyKey names the runs of one job in one status.
type tallyKey struct{ job, status string }

// runSums keeps the sums of the runs that have ended for good, so that a
// scrape reads only the runs after them: the run history grows by every run
// of every job, forever. It is safe for concurrent use.
type runSums struct {
	mu      sync.Mutex
	through int64 // every run up to this id has ended and is in done
	done    map[tallyKey]store.RunTally
}

func newRunSums() *runSums { return &runSums{done: map[tallyKey]store.RunTally{}} }

// read returns the tallies of all runs: the kept sums, first brought up to
// the runs that have ended since, plus the runs after those.
func (r *runSums) read(ctx context.Context, src Source) ([]store.RunTally, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	settled, err := src.RunsSettledThrough(ctx, r.through)
	if err != nil {
		return nil, err
	}
	if settled < r.through {
		// Fewer runs than summed: the state file was replaced (restored
		// from a backup); sum it again from the start.
		r.through, r.done = 0, map[tallyKey]store.RunTally{}
		if settled, err = src.RunsSettledThrough(ctx, 0); err != nil {
			return nil, err
		}
	}
	if settled > r.through {
		ended, err := src.RunTallies(ctx, r.through, settled)
		if err != nil {
			return nil, err
		}
		addTallies(r.done, ended)
		r.through = settled
	}
	recent, err := src.RunTallies(ctx, r.through, 0)
	if err != nil {
		return nil, err
	}
	all := make(map[tallyKey]store.RunTally, len(r.done))
	addTallies(all, r.tallies())
	addTallies(all, recent)
	return r.sorted(all), nil
}

// addTallies adds ts to the sums in m.
func addTallies(m map[tallyKey]store.RunTally, ts []store.RunTally) {
	for _, t := range ts {
		k := tallyKey{t.Job, t.Status}
		sum := m[k]
		sum.Job, sum.Status = t.Job, t.Status
		sum.Runs += t.Runs
		sum.Counts = sum.Counts.Add(t.Counts)
		m[k] = sum
	}
}

// tallies lists the kept sums.
func (r *runSums) tallies() []store.RunTally {
	out := make([]store.RunTally, 0, len(r.done))
	for _, t := range r.done {
		out = append(out, t)
	}
	return out
}

// sorted lists m by job and status.
func (r *runSums) sorted(m map[tallyKey]store.RunTally) []store.RunTally {
	out := make([]store.RunTally, 0, len(m))
	for _, t := range m {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b store.RunTally) int {
		return cmp.Or(cmp.Compare(a.Job, b.Job), cmp.Compare(a.Status, b.Status))
	})
	return out
}

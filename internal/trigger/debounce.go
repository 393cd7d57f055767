package trigger

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
)

// RunFunc makes one run of a job. A *store.LockError (wrapped or not) means
// the run did not start because another run holds the job; any other error
// is the run's own failure, already in the run history.
type RunFunc func(ctx context.Context, job string) error

// Backoff of the retries of a run refused because the job is held elsewhere.
const (
	LockPollMin = time.Second
	LockPollMax = 30 * time.Second
)

// Debouncer turns a job's webhook events into runs: events within the
// debounce coalesce into one run, an event while a run is in progress queues
// exactly one follow-up run after it, and a run refused because the job is
// held (by the scheduler or another process) is retried after that run ends,
// polling with backoff, so no event is lost. It never starts two runs at
// once. Notify may be called from any goroutine; Serve runs in one.
type Debouncer struct {
	job   string
	run   RunFunc
	clock clockwork.Clock
	log   zerolog.Logger
	wake  chan struct{}

	mu sync.Mutex
	// due is when the events not yet covered by a started run want their
	// run; zero when there are none.
	due time.Time
}

// NewDebouncer makes the debouncer of job; clock nil means the real clock.
func NewDebouncer(job string, run RunFunc, clock clockwork.Clock, log zerolog.Logger) *Debouncer {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	return &Debouncer{job: job, run: run, clock: clock, log: log.With().Str(logkey.Job, job).Logger(), wake: make(chan struct{}, 1)}
}

// Notify records an event that wants a run within delay. It never blocks.
func (d *Debouncer) Notify(delay time.Duration) {
	d.requeue(d.clock.Now().Add(delay))
}

// requeue makes the next run due at t unless one is due earlier.
func (d *Debouncer) requeue(t time.Time) {
	d.mu.Lock()
	if d.due.IsZero() || t.Before(d.due) {
		d.due = t
	}
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// take returns the pending due time and clears it: a run starting now covers
// every event recorded so far.
func (d *Debouncer) take() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	due := d.due
	d.due = time.Time{}
	return due
}

func (d *Debouncer) pending() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.due
}

// Serve makes the runs the events ask for until ctx ends, then returns once
// the run in hand (which sees ctx end) has returned. Events still pending at
// the end are dropped: the job's schedule is the safety net.
func (d *Debouncer) Serve(ctx context.Context) {
	for d.waitDue(ctx) {
		d.runCovering(ctx)
	}
	if !d.pending().IsZero() {
		d.log.Info().Msg("webhook events dropped at shutdown; the schedule runs the job next")
	}
}

// waitDue waits until the pending events' run is due; false when ctx ended
// first. A new event with a shorter debounce brings the run forward.
func (d *Debouncer) waitDue(ctx context.Context) bool {
	for {
		var fire <-chan time.Time
		var timer clockwork.Timer
		due := d.pending()
		if !due.IsZero() {
			now := d.clock.Now()
			if !now.Before(due) {
				return ctx.Err() == nil
			}
			timer = d.clock.NewTimer(due.Sub(now))
			if d.clock.Since(now) > time.Millisecond {
				// The clock moved while the timer was set: it would fire
				// late by as much, so set it again from the time now.
				timer.Stop()
				continue
			}
			fire = timer.Chan()
		}
		fired := d.await(ctx, fire, due)
		if timer != nil {
			timer.Stop()
		}
		if fired || ctx.Err() != nil {
			return ctx.Err() == nil
		}
	}
}

// await waits until fire, the timer set for due, fires (true), ctx ends, or
// an event moves the pending run's due time. A wake-up that leaves it at due (an
// event whose debounce ends later, or one that woke it while a run was in
// progress) keeps the timer already set for it instead of setting another.
func (d *Debouncer) await(ctx context.Context, fire <-chan time.Time, due time.Time) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-fire:
			return true
		case <-d.wake:
			if !d.pending().Equal(due) {
				return false
			}
		}
	}
}

// sleep waits for dur on the clock; false when ctx ended first.
func (d *Debouncer) sleep(ctx context.Context, dur time.Duration) bool {
	if dur <= 0 {
		return ctx.Err() == nil
	}
	t := d.clock.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.Chan():
		return true
	}
}

// runCovering makes one run covering the pending events, retrying while
// the job is held elsewhere.
func (d *Debouncer) runCovering(ctx context.Context) {
	wait := LockPollMin
	for {
		due := d.take()
		err := d.run(ctx, d.job)
		var le *store.LockError
		if !errors.As(err, &le) {
			if err != nil {
				d.log.Warn().Err(err).Msg("webhook-triggered run failed")
			}
			return
		}
		// The run did not start: its events are still pending.
		d.requeue(due)
		d.log.Info().Int64(logkey.HolderRun, le.RunID).Int(logkey.HolderPID, le.PID).Dur(logkey.Wait, wait).
			Msg("webhook run waits: the job is held by another run")
		if !d.sleep(ctx, wait) {
			return
		}
		wait = min(wait*2, LockPollMax)
	}
}

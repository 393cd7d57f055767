package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
)

// Schedule parses a job's cadence in its time zone.
func Schedule(j config.Job) (interface{ Next(time.Time) time.Time }, error) {
	s, err := config.CronParser.Parse(cronSpec(j))
	if err != nil {
		return nil, fmt.Errorf("job %s: cadence %q: %w", j.Name, j.Cadence, err)
	}
	return s, nil
}

func cronSpec(j config.Job) string { return "CRON_TZ=" + j.TimeZone + " " + j.Cadence }

// NextRuns returns the next n run times of a job after t.
func NextRuns(j config.Job, t time.Time, n int) ([]time.Time, error) {
	s, err := Schedule(j)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, 0, n)
	for range n {
		t = s.Next(t)
		out = append(out, t)
	}
	return out, nil
}

// Missed reports whether a scheduled run fell between the last run's start and
// now, i.e. one was missed while steward was down.
func Missed(j config.Job, lastStart, now time.Time) (bool, error) {
	s, err := Schedule(j)
	if err != nil {
		return false, err
	}
	return !s.Next(lastStart).After(now), nil
}

// Scheduler runs every enabled job at its cadence, never two runs of one job at
// once (gocron's singleton mode in-process, the store's job lock across
// processes).
type Scheduler struct {
	Runner *Runner
	// Grace bounds how long a stop waits for runs in progress.
	Grace time.Duration
	// Now is the clock for catch-up decisions.
	Now func() time.Time
	// Beat, when set, is called as the scheduler starts and then every
	// BeatInterval by the scheduler itself while it runs (a health check's
	// heartbeat, metrics.Heartbeat.Beat); it must not block.
	Beat func()
	// BeatEvery replaces BeatInterval when positive.
	BeatEvery time.Duration
}

// BeatInterval is how often a running scheduler calls Beat.
const BeatInterval = 30 * time.Second

// Run schedules the jobs and blocks until ctx ends; then it stops scheduling,
// lets each run in progress store the page in hand, and waits up to Grace.
func (s *Scheduler) Run(ctx context.Context) error {
	log := s.Runner.Log
	sched, err := gocron.NewScheduler(gocron.WithStopTimeout(s.Grace))
	if err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	scheduled := 0
	for _, j := range s.Runner.Config.Jobs {
		if !j.IsEnabled() {
			continue
		}
		if err := s.add(ctx, sched, j); err != nil {
			return err
		}
		scheduled++
	}
	if err := s.addBeat(sched); err != nil {
		return err
	}
	sched.Start()
	// Count the configured jobs, not gocron's entries: a catch-up run is an entry too.
	log.Info().Int(logkey.Jobs, scheduled).Msg("scheduler started")
	<-ctx.Done()
	log.Info().Msg("stopping scheduler: no new runs; runs in progress store the page in hand")
	if err := sched.Shutdown(); err != nil && !errors.Is(err, gocron.ErrStopSchedulerTimedOut) {
		return fmt.Errorf("stop scheduler: %w", err)
	} else if err != nil {
		return fmt.Errorf("stop scheduler: runs still in progress after the %s grace period", s.Grace)
	}
	log.Info().Msg("scheduler stopped")
	return nil
}

// addBeat beats once now and schedules the beat as one more job, so that it
// stops when the scheduler's own loop does.
func (s *Scheduler) addBeat(sched gocron.Scheduler) error {
	if s.Beat == nil {
		return nil
	}
	s.Beat()
	every := BeatInterval
	if s.BeatEvery > 0 {
		every = s.BeatEvery
	}
	_, err := sched.NewJob(gocron.DurationJob(every), gocron.NewTask(s.Beat),
		gocron.WithName("heartbeat"), gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		return fmt.Errorf("schedule the heartbeat: %w", err)
	}
	return nil
}

func (s *Scheduler) add(ctx context.Context, sched gocron.Scheduler, j config.Job) error {
	task := gocron.NewTask(func() { s.runOnce(ctx, j.Name) })
	_, err := sched.NewJob(gocron.CronJob(cronSpec(j), false), task,
		gocron.WithName(j.Name), gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		return fmt.Errorf("schedule job %s: %w", j.Name, err)
	}
	if !j.CatchesUp() {
		return nil
	}
	last, ok, err := s.Runner.Store.LastRun(ctx, j.Name)
	if err != nil || !ok {
		return err
	}
	started, err := time.Parse(time.RFC3339Nano, last.StartedAt)
	if err != nil {
		return fmt.Errorf("job %s: last run start %q: %w", j.Name, last.StartedAt, err)
	}
	missed, err := Missed(j, started, s.now())
	if err != nil || !missed {
		return err
	}
	s.Runner.Log.Info().Str(logkey.Job, j.Name).Time(logkey.LastRun, started).Msg("a scheduled run was missed; running once now")
	_, err = sched.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartImmediately()), task, gocron.WithName(j.Name+" (catch-up)"))
	return err
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// runOnce makes one scheduled run; failures are already in the run history
// and the log, and a held lock is logged as a skipped run.
func (s *Scheduler) runOnce(ctx context.Context, job string) {
	if ctx.Err() != nil {
		return
	}
	_, err := s.Runner.Run(ctx, Request{Job: job, Trigger: store.TriggerSchedule})
	var le *store.LockError
	if errors.As(err, &le) {
		s.Runner.Log.Warn().Str(logkey.Job, job).Int64(logkey.HolderRun, le.RunID).Int(logkey.HolderPID, le.PID).Msg("run skipped: the job is already running")
	}
}

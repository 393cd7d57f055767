// Package jobs runs steward's jobs: one run of one job from extract to run
// record (Runner), the schedule (Scheduler), and backfills of a time window with
// their own cursors. It names no concrete connector: extractors and loaders come
// from the registries cmd wires.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/privacy"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// LiveStream is the cursor stream of scheduled and manual runs.
const LiveStream = "live"

// MaxQuarantineRatio is the share of a stream's records that may be quarantined
// before the run fails (TESTING.md: 1 %).
const MaxQuarantineRatio = 0.01

// Runner runs jobs against one config and one state store. It is safe for
// concurrent use by runs of different jobs.
type Runner struct {
	Config *config.File
	// Store keeps the runs' state; the SQLite store implements it.
	Store Store
	// Kinds are the system kinds cmd's wiring registered: each system's
	// extractor and loader, auth flows, and whether it is reached over HTTP.
	Kinds *connector.Registry
	// Settings are the systems' decoded settings by name, as cmd decoded them
	// when it loaded Config; nil decodes them once on first use.
	Settings connector.Settings
	// Types are the data types jobs may carry; nil means transform.Builtin().
	Types *transform.Types
	Log   zerolog.Logger
	// HTTP are the options of every client the runner builds: test seams
	// (clock, sleep) and the Observer that counts requests for metrics.
	HTTP httpx.Options
	// Now is the clock for quality checks (freshness, report times).
	Now func() time.Time
	// NewID makes the crosswalk's canonical ids; nil means random ids.
	NewID func() string
	// PIMSchema, when set, reads the attribute codes, locales and channels
	// the PIM system knows; the quality check warns about rules naming others.
	PIMSchema func(ctx context.Context, system string) (quality.PIMSchema, error)
	// Privacy pseudonymizes personal values in what leaves staging (share
	// the log scrubber's, scrub.Scrubber.Pseudonymizer, so that values this
	// runner learns are replaced in log lines too); nil means the config
	// key's own.
	Privacy *privacy.Pseudonymizer

	mu      sync.Mutex
	clients map[string]*httpx.Client
}

// Request is one run to make.
type Request struct {
	Job     string
	Trigger string
	// Stream selects the cursor; LiveStream unless backfilling.
	Stream string
	// Start replaces the stored cursor when the stream has none (backfill
	// windows start at their lower bound).
	Start *StartAt
	// Progress, when set, is called after each stored page.
	Progress func(store.Counts)
	// SkipWriteBack leaves the outbox for a later run.
	SkipWriteBack bool
	// SkipDerived leaves the snapshot and the quality check (with its reports)
	// to a later run: a backfill makes them once, in its last window.
	SkipDerived bool
}

// StartAt bounds a backfill window.
type StartAt struct{ From, To time.Time }

// Result is the outcome of a run.
type Result struct {
	RunID    int64
	Status   string
	Counts   store.Counts
	Snapshot string
	Quality  *QualityOutcome
	// Identity is what the crosswalk found: records known, matched, new
	// (unmatched) and ambiguous, with the first keys of the last two.
	Identity transform.MatchReport
	Err      error
}

// ErrQuarantineLimit reports a stream with too many bad records.
var ErrQuarantineLimit = errors.New("too many records quarantined")

// Run makes one run of a job. The returned error is the run's failure (also
// recorded in run history) or a failure to start it at all, such as a held
// lock (*store.LockError).
func (r *Runner) Run(ctx context.Context, req Request) (Result, error) {
	job, ok := r.Config.Job(req.Job)
	if !ok {
		return Result{}, fmt.Errorf("run %s: no such job in %s", req.Job, r.Config.Path)
	}
	if req.Stream == "" {
		req.Stream = LiveStream
	}
	runID, err := r.Store.BeginRun(ctx, job.Name, req.Trigger)
	if err != nil {
		return Result{}, fmt.Errorf("run %s: %w", job.Name, err)
	}
	log := r.Log.With().Str(logkey.Job, job.Name).Int64(logkey.Run, runID).Logger()
	if req.Stream != LiveStream {
		if err := r.Store.SetRunStream(ctx, runID, req.Stream); err != nil {
			log.Warn().Err(err).Msg("run stream not recorded")
		}
	}
	log.Info().Str(logkey.Trigger, req.Trigger).Str(logkey.Stream, req.Stream).Msg("run started")
	start := time.Now()
	ctx = retry.WithBudget(ctx, retry.NewBudget(r.Config.Scheduler.RetryBudget.Std()))
	ctx = withRunTally(ctx)
	res := r.execute(ctx, log, job, runID, req)
	cleanup := context.WithoutCancel(ctx)
	r.recordHTTP(cleanup, log, runID)
	errText := r.errorText(res.Err)
	if res.Err != nil && errText != res.Err.Error() {
		res.Err = &privateError{err: res.Err, text: errText}
	}
	if err := r.Store.FinishRun(cleanup, runID, res.Status, errText); err != nil {
		res.Err = errors.Join(res.Err, err)
	}
	if err := r.Store.ReleaseLock(cleanup, job.Name, runID); err != nil {
		res.Err = errors.Join(res.Err, err)
	}
	if run, err := r.Store.GetRun(cleanup, runID); err == nil {
		res.Counts = run.Counts
	}
	ev := log.Info()
	if res.Err != nil {
		ev = log.Error().Str(zerolog.ErrorFieldName, errText)
	}
	ev.Str(logkey.Status, res.Status).Int(logkey.Read, res.Counts.Read).Int(logkey.Staged, res.Counts.Staged).
		Int(logkey.Unchanged, res.Counts.Unchanged).Int(logkey.Written, res.Counts.Written).Int(logkey.Rejected, res.Counts.Rejected).
		Int(logkey.Quarantine, res.Counts.Quarantined).Int64(logkey.DurationMS, time.Since(start).Milliseconds()).Msg("run finished")
	return res, res.Err
}

// execute does the work of a run and decides its status.
func (r *Runner) execute(ctx context.Context, log zerolog.Logger, job config.Job, runID int64, req Request) Result {
	res := Result{RunID: runID, Status: store.StatusSucceeded}
	r.removeStaleTemps(log, job)
	var counts store.Counts
	err := r.noteFullPass(ctx, job, req.Stream)
	if err == nil {
		counts, err = r.extractAndStage(ctx, log, job, runID, req, &res.Identity)
	}
	if err == nil && ctx.Err() == nil {
		err = r.reconcileIfDue(ctx, log, job, runID, req.Stream)
	}
	if err == nil && !req.SkipWriteBack {
		err = r.writeBack(ctx, log, job, runID)
	}
	// A stopping run skips the derived outputs; the next run makes them.
	derive := err == nil && ctx.Err() == nil && !req.SkipDerived
	if derive {
		res.Snapshot, err = r.snapshotIfBehind(ctx, log, job, runID)
	}
	if derive && err == nil && job.Quality != nil && ctx.Err() == nil {
		var q QualityOutcome
		q, err = r.checkQuality(ctx, log, job, runID)
		res.Quality = &q
	}
	if err == nil && counts.Read > 0 && float64(counts.Quarantined)/float64(counts.Read) > MaxQuarantineRatio {
		err = fmt.Errorf("%w: %d of %d records (over %.0f %%); see the quarantine table", ErrQuarantineLimit, counts.Quarantined, counts.Read, MaxQuarantineRatio*100)
	}
	switch {
	case err == nil && ctx.Err() != nil:
		res.Status, res.Err = store.StatusPartial, fmt.Errorf("stopped before the end: %w", context.Cause(ctx))
	case err == nil:
	case errors.Is(err, retry.ErrBudgetExhausted), errors.Is(err, retry.ErrQuotaReserve), errors.Is(err, context.Canceled), isRetryAfterTooLong(err):
		res.Status, res.Err = store.StatusPartial, err
	default:
		res.Status, res.Err = store.StatusFailed, err
	}
	return res
}

func isRetryAfterTooLong(err error) bool {
	var ra *httpx.RetryAfterError
	return errors.As(err, &ra)
}

// Client returns the HTTP client of a configured system, built once and shared
// by every run of this runner, so that anything else asking the system (the
// PIMSchema hook) goes through the same rate limiter, breaker and token.
func (r *Runner) Client(name string) (*httpx.Client, error) { return r.client(name) }

// client returns the HTTP client of a system, building it once; nil for a
// system of a kind not reached over HTTP.
func (r *Runner) client(name string) (*httpx.Client, error) {
	kind, err := r.kindOf(name)
	if err != nil {
		return nil, err
	}
	if !kind.HTTP {
		return nil, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.clients[name]; ok {
		return c, nil
	}
	opt := r.HTTP
	if opt.Auth == nil {
		opt.Auth = r.Kinds.Auths()
	}
	c, err := httpx.New(name, r.Config.Systems[name], r.Log, opt)
	if err != nil {
		return nil, err
	}
	if r.clients == nil {
		r.clients = map[string]*httpx.Client{}
	}
	r.clients[name] = c
	return c, nil
}

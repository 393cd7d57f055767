package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// The store methods each command calls, declared here where they are
// called. Commands that only show what is stored get a readStore, opened
// read-only, so none of them can write; commands that change the state get the
// few methods of their change. The SQLite store (internal/store) implements
// them all: the assertions below are the wiring's promise.
var (
	_ readStore    = (*store.Store)(nil)
	_ runnerStore  = (*store.Store)(nil)
	_ stateStore   = (*store.Store)(nil)
	_ draftReview  = (*store.Store)(nil)
	_ deadLetterer = (*store.Store)(nil)
	_ escalator    = (*store.Store)(nil)
	_ writeStore   = (*store.Store)(nil)
)

// runReader reads run history: steward runs, steward jobs, drafts show.
type runReader interface {
	ListRuns(ctx context.Context, job string, limit int) ([]store.Run, error)
	GetRun(ctx context.Context, id int64) (store.Run, error)
	LastRun(ctx context.Context, job string) (store.Run, bool, error)
}

// draftLister lists drafts: the check of draft ids against the filters
// given with them (approve, reject, push).
type draftLister interface {
	Drafts(ctx context.Context, f store.DraftFilter) ([]store.Draft, error)
}

// draftReader reads drafts: drafts list and show.
type draftReader interface {
	draftLister
	CountDrafts(ctx context.Context, f store.DraftFilter) (int, error)
}

// stagedReader reads the record a run staged: drafts show's current value.
type stagedReader interface {
	GetRun(ctx context.Context, id int64) (store.Run, error)
	StagedPayload(ctx context.Context, dataType, source, key string) (payload []byte, ok bool, err error)
}

// cursorReader reads a job's cursors: state show, and state reset before it asks.
type cursorReader interface {
	RawCursors(ctx context.Context, job string) (map[string]string, error)
}

// reportReader reads quality checks: steward report.
type reportReader interface {
	quality.ReportStore
	LatestQualityRun(ctx context.Context) (store.QualityRun, bool, error)
}

// escalationReader reads escalations: escalations list and show.
type escalationReader interface {
	Escalations(ctx context.Context, f store.EscalationFilter) ([]store.Escalation, error)
	GetEscalation(ctx context.Context, id int64) (store.Escalation, error)
}

// deadLetterReader reads the dead letters: dlq list.
type deadLetterReader interface {
	DeadLetters(ctx context.Context, job string, limit int) ([]store.DeadLetter, error)
}

// readStore is everything a read-only command may call.
type readStore interface {
	runReader
	draftReader
	stagedReader
	cursorReader
	reportReader
	escalationReader
	deadLetterReader
	io.Closer
}

// stateStore shows and resets cursors: steward state.
type stateStore interface {
	cursorReader
	ResetState(ctx context.Context, job string) (int64, error)
	ResetStream(ctx context.Context, job, stream string) (bool, error)
}

// draftReview approves and rejects drafts: drafts approve and reject.
type draftReview interface {
	draftLister
	ApproveIDs(ctx context.Context, ids []int64, r store.Review) (int64, error)
	ApproveSelection(ctx context.Context, f store.DraftFilter, r store.Review) (approved, skippedFlagged int64, err error)
	RejectIDs(ctx context.Context, ids []int64, r store.Review) (int64, error)
	RejectSelection(ctx context.Context, f store.DraftFilter, r store.Review) (rejected, beingPushed int64, err error)
}

// deadLetterer gives up dead letters: dlq discard.
type deadLetterer interface {
	DiscardDeadLetters(ctx context.Context, job string, ids []int64, reason, reviewer string) (store.Discarded, error)
}

// escalator decides escalations: escalations resolve and dismiss.
type escalator interface {
	transform.ResolveStore
	GetEscalation(ctx context.Context, id int64) (store.Escalation, error)
	Decide(ctx context.Context, d store.Decision) error
}

// writeStore is everything a command that changes the state without a
// runner may call.
type writeStore interface {
	stateStore
	draftReview
	deadLetterer
	escalator
	io.Closer
}

// runnerStore is the store cmd builds its runners on: all a runner keeps,
// and what commands holding a runner call beside it.
type runnerStore interface {
	jobs.Store
	// SetDraftStatus moves drafts in bulk: demo --approve-all.
	SetDraftStatus(ctx context.Context, f store.DraftFilter, from []string, status, reviewer string) (int64, error)
	// DeadLetterJobs groups dead letters by job: dlq replay.
	DeadLetterJobs(ctx context.Context, job string, ids []int64) (map[string][]int64, error)
}

// storeOf returns the store of a runner cmd built; every runner cmd builds
// holds a runnerStore (see app.runner), so the error means a runner built
// elsewhere.
func storeOf(r *jobs.Runner) (runnerStore, error) {
	st, ok := r.Store.(runnerStore)
	if !ok {
		return nil, fmt.Errorf("state store %T lacks what steward's commands call beside the runner", r.Store)
	}
	return st, nil
}

// approvePending approves every pending draft of the runner's store for
// reviewer and returns how many.
func approvePending(ctx context.Context, r *jobs.Runner, reviewer string) (int64, error) {
	st, err := storeOf(r)
	if err != nil {
		return 0, fmt.Errorf("approve drafts: %w", err)
	}
	return st.SetDraftStatus(ctx, store.DraftFilter{}, []string{store.DraftPending}, store.DraftApproved, reviewer)
}

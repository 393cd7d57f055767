package jobs

import (
	"context"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// The runner's state, split by concern: each interface lists the few store
// methods one part of a run calls. The SQLite store (internal/store) implements
// them all; another database plugs in here. Row and value types stay in
// internal/store: they are the vocabulary every implementation speaks. The
// method sets are disjoint, so a Store can be assembled from one
// implementation per concern.

// Staging is the staging area: cursors, content hashes, page commits and the
// staged records read back.
type Staging interface {
	// Cursor returns the stored cursor of a job's stream; the zero cursor when none.
	Cursor(ctx context.Context, job, stream string) (record.Cursor, error)
	// SetCursor stores a cursor outside a page commit.
	SetCursor(ctx context.Context, job, stream string, c record.Cursor) error
	// Hashes returns the stored content hash of each of keys that is staged.
	Hashes(ctx context.Context, dataType, source string, keys []string) (map[string]string, error)
	// CommitPage stores a page and all it causes in one transaction.
	CommitPage(ctx context.Context, p store.PageCommit) error
	// EachStaged calls fn for every staged record of a data type, in key order.
	EachStaged(ctx context.Context, dataType string, fn func(store.StagedRow) error) error
	// EachStagedOf is EachStaged for one source of a data type.
	EachStagedOf(ctx context.Context, dataType, source string, fn func(store.StagedRow) error) error
	// LastChangeRun returns the newest run that staged a change of dataType (0 if none).
	LastChangeRun(ctx context.Context, dataType string) (int64, error)
}

// Runs is the run record and the job lock it holds.
type Runs interface {
	// BeginRun records a new run and takes the job's lock.
	BeginRun(ctx context.Context, job, trigger string) (int64, error)
	// SetRunStream records which cursor stream a run reads.
	SetRunStream(ctx context.Context, runID int64, stream string) error
	// FinishRun records a run's final status and error text.
	FinishRun(ctx context.Context, runID int64, status, errText string) error
	// SetRunHTTP records a run's HTTP figures so far, replacing the ones it
	// had.
	SetRunHTTP(ctx context.Context, runID int64, h store.HTTPCounts) error
	// ReleaseLock frees the job's lock if runID holds it.
	ReleaseLock(ctx context.Context, job string, runID int64) error
	// GetRun returns one run.
	GetRun(ctx context.Context, id int64) (store.Run, error)
	// LastRun returns the newest run of a job; ok is false when it never ran.
	LastRun(ctx context.Context, job string) (store.Run, bool, error)
}

// Outbox is the queue of writes to targets, its settling, and the replay of
// dead letters.
type Outbox interface {
	// PendingOutbox pages through a job's pending writes to a target.
	PendingOutbox(ctx context.Context, job, target string, after int64, limit int) ([]store.OutboxItem, error)
	// SettleOutbox records a batch's outcomes; rejects become dead letters.
	SettleOutbox(ctx context.Context, runID int64, outcomes []store.Settle) error
	// Conflicts lists a job's writes to a target refused as concurrent
	// changes; SettleConflicts records the transform stage's decisions.
	Conflicts(ctx context.Context, job, target string) ([]store.Conflict, error)
	SettleConflicts(ctx context.Context, runID int64, outs []store.ConflictOutcome) error
	// EnqueueDraftPushes queues the writes of a draft push and returns them with ids.
	EnqueueDraftPushes(ctx context.Context, items []store.OutboxItem) ([]store.OutboxItem, error)
	// OutboxStatuses returns the status of outbox items by id.
	OutboxStatuses(ctx context.Context, ids []int64) (map[int64]string, error)
	// ReplayDeadLetters plans the replay of dead letters, per job.
	ReplayDeadLetters(ctx context.Context, job string, ids []int64, reviewer string) (store.ReplayPlan, error)
	// SettleReplay records what a replay made of its dead letters.
	SettleReplay(ctx context.Context, runID int64, entries []store.ReplayEntry) (store.ReplayOutcome, error)
}

// Reconciles is the bookkeeping of reconcile passes, which queue every staged
// record once more.
type Reconciles interface {
	// MarkReconcileDue records that the job's next completed pass reconciles.
	MarkReconcileDue(ctx context.Context, job string) error
	// ReconcileState returns whether a reconcile is due and when the last was queued.
	ReconcileState(ctx context.Context, job string) (due bool, last time.Time, err error)
	// EnqueueReconcile queues writes of a reconcile and returns how many it queued.
	EnqueueReconcile(ctx context.Context, items []store.OutboxItem) (int, error)
	// FinishReconcile records that job's reconcile is queued, at now.
	FinishReconcile(ctx context.Context, job string, now time.Time) error
	// EscalatedKeys returns which of keys of one system and data type are
	// the source of an escalation (ambiguous, or decided by a person).
	EscalatedKeys(ctx context.Context, system, dataType string, keys []string) (map[string]bool, error)
}

// DraftStore is what the quality check's proposer reads and writes: drafts,
// and the backoff of slots whose generation failed.
type DraftStore interface {
	// HasDraft reports whether a draft from the same input exists.
	HasDraft(ctx context.Context, kind, productKey, attribute, locale, channel, inputHash string) (bool, error)
	// AddDraft stores a draft and reports whether it was added.
	AddDraft(ctx context.Context, d store.Draft) (bool, error)
	// CloseObsoleteDrafts closes the open drafts no finding asks for any more.
	CloseObsoleteDrafts(ctx context.Context, dataType, source string, live map[store.DraftSlotKey]bool, runID int64) (int64, error)
	// DraftRetryAt returns when a failed slot may be drafted again.
	DraftRetryAt(ctx context.Context, slot store.DraftSlot) (f store.DraftFailure, ok bool, err error)
	// RecordDraftFailure counts a failed generation and returns the count.
	RecordDraftFailure(ctx context.Context, slot store.DraftSlot, cause string, now time.Time, backoff func(n int) time.Duration) (int, error)
	// ClearDraftFailure forgets the failures of a slot.
	ClearDraftFailure(ctx context.Context, slot store.DraftSlot) error
}

// DraftClaims is what a draft push reads and writes: approved drafts claimed
// by the push run, released, flagged or marked pushed. The drafts are read
// as the quality report reads them.
type DraftClaims interface {
	quality.ReportDrafts
	// ReleaseStaleClaims gives drafts of dead push runs back to approved.
	ReleaseStaleClaims(ctx context.Context) (int64, error)
	// ClaimDrafts claims the approved ones of ids for runID.
	ClaimDrafts(ctx context.Context, ids []int64, runID int64) ([]store.Draft, error)
	// ReleaseClaims gives the drafts runID still claims back to approved.
	ReleaseClaims(ctx context.Context, runID int64) error
	// MarkPushed moves the drafts runID claimed to pushed.
	MarkPushed(ctx context.Context, runID int64, ids []int64) (int64, error)
	// FlagDraft flags a draft that failed its re-check before a push.
	FlagDraft(ctx context.Context, id int64, reason string) error
}

// QualityStore keeps the quality check's results; the reports are rendered
// from what quality.Results reads back (with DraftClaims' drafts).
type QualityStore interface {
	quality.Results
	// NewQualityWriter starts storing the results of runID.
	NewQualityWriter(ctx context.Context, runID int64) (QualityWriter, error)
}

// QualityWriter stores one run's quality results: Add as the check finds
// products with issues, Finish with the run's score. It is an alias of an
// interface literal (internal/store spells the same literal) so that any
// implementation, the SQLite store among them, satisfies QualityStore with a
// writer of its own: Go matches method results by type identity.
type QualityWriter = interface {
	// Add buffers a product with issues and its violations.
	Add(ctx context.Context, p store.ProductScore, vs []store.ViolationRow) error
	// Flush writes the buffered rows.
	Flush(ctx context.Context) error
	// Finish writes what is buffered and the run's score.
	Finish(ctx context.Context, q store.QualityRun) error
}

// Store is all the state a Runner keeps: one implementation per concern, or
// one (the SQLite store) for all. The transform stage's crosswalk and synced
// versions are transform.DecideStore.
type Store interface {
	Staging
	Runs
	Outbox
	Reconciles
	DraftStore
	DraftClaims
	QualityStore
	transform.DecideStore
}

// SystemStates is an optional capability of a Store: a system's own small
// state kept across runs and jobs, handed to its connectors
// (record.SystemState).
type SystemStates interface {
	SystemState(ctx context.Context, system, key string) (string, error)
	SetSystemState(ctx context.Context, system, key, value string) error
}

// systemState is one system's view of SystemStates.
type systemState struct {
	st     SystemStates
	system string
}

func (s systemState) Load(ctx context.Context, key string) (string, error) {
	return s.st.SystemState(ctx, s.system, key)
}

func (s systemState) Save(ctx context.Context, key, value string) error {
	return s.st.SetSystemState(ctx, s.system, key, value)
}

// systemStateOf returns the state of system when the store keeps one (nil
// otherwise).
func (r *Runner) systemStateOf(system string) record.SystemState {
	if ss, ok := r.Store.(SystemStates); ok {
		return systemState{st: ss, system: system}
	}
	return nil
}

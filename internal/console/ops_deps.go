package console

import (
	"context"

	"github.com/stewardhq/steward/internal/store"
)

// QualityStore is what the quality, trend and product pages read: the
// stored quality checks, the products each found issues with, and drafts.
type QualityStore interface {
	QualityJobs(ctx context.Context) ([]string, error)
	LatestQuality(ctx context.Context, job string) (store.QualityPoint, bool, error)
	QualityHistory(ctx context.Context, job string, withBackfill bool, limit int) ([]store.QualityPoint, error)
	ViolatingProducts(ctx context.Context, f store.ProductFilter) ([]store.ProductScore, error)
	ScanBound(ctx context.Context, runID int64, after string, n int) (string, bool, error)
	ViolationsOf(ctx context.Context, runID int64, keys []string) ([]store.ViolationRow, error)
	ProductHistory(ctx context.Context, key string, limit int) ([]store.ProductCheck, error)
	ProductScoreOf(ctx context.Context, runID int64, key string) (store.ProductScore, bool, error)
	DraftsOfProduct(ctx context.Context, key string, limit int) ([]store.Draft, error)
}

// RunStore is what the runs pages read and the dead-letter discard acts
// through (DiscardDeadLetters records its audit row in its transaction).
type RunStore interface {
	RunPage(ctx context.Context, f store.RunFilter) ([]store.Run, error)
	RunJobs(ctx context.Context) ([]string, error)
	GetRun(ctx context.Context, id int64) (store.Run, error)
	RunDeadLetterPage(ctx context.Context, runID, afterID int64, limit int) ([]store.DeadLetter, error)
	RunDeadLetterTally(ctx context.Context, runID int64) (total, open int, err error)
	RunDeadLettersOf(ctx context.Context, runID int64, ids []int64) ([]store.DeadLetter, error)
	RunQuarantine(ctx context.Context, runID, afterID int64, limit int) ([]store.QuarantinedRecord, error)
	RawCursors(ctx context.Context, job string) (map[string]string, error)
	DiscardDeadLetters(ctx context.Context, job string, ids []int64, reason, reviewer string) (store.Discarded, error)
}

// ReplayFunc writes dead letters of job again now, as `steward dlq replay`
// does (the wiring passes jobs.Runner.Replay's run id and outcome), and
// records each in the audit trail as replayed by reviewer.
type ReplayFunc func(ctx context.Context, job string, ids []int64, reviewer string) (runID int64, out store.ReplayOutcome, err error)

package quality

import (
	"context"

	"github.com/stewardhq/steward/internal/store"
)

// The store methods a report is made from, declared here where they are
// called; the SQLite store (internal/store) implements them.

// Violations streams the violation rows of a quality run: all the CSV and
// JSON reports read besides the loaded Report.
type Violations interface {
	// EachViolation calls fn for each violation of runID, by product and rule.
	EachViolation(ctx context.Context, runID int64, fn func(store.ViolationRow) error) error
	// EachGradedViolation calls fn for every violation of runID, by product,
	// with the product's grades per channel and locale.
	EachGradedViolation(ctx context.Context, runID int64, fn func(store.GradedViolation) error) error
}

// Results are a job's stored quality checks.
type Results interface {
	Violations
	// QualityRunByID returns the quality check of one run; ok is false when it has none.
	QualityRunByID(ctx context.Context, runID int64) (store.QualityRun, bool, error)
	// QualityRuns returns the newest limit quality checks of a job.
	QualityRuns(ctx context.Context, job string, limit int) ([]store.QualityRun, error)
	// WorstProducts returns the limit lowest-scoring products of runID.
	WorstProducts(ctx context.Context, runID int64, limit int) ([]store.ProductScore, error)
	// ViolationsOf returns the violations of runID of the products keys.
	ViolationsOf(ctx context.Context, runID int64, keys []string) ([]store.ViolationRow, error)
}

// ReportDrafts are the drafts a report shows: the pending ones and the count
// of each kind by status.
type ReportDrafts interface {
	// Drafts lists drafts matching f, by id.
	Drafts(ctx context.Context, f store.DraftFilter) ([]store.Draft, error)
	// DraftCounts counts drafts by kind and status.
	DraftCounts(ctx context.Context) (map[string]map[string]int, error)
}

// ReportStore is what LoadReport and WriteFiles read.
type ReportStore interface {
	Results
	ReportDrafts
}

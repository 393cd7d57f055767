package metrics

import (
	"context"

	"github.com/stewardhq/steward/internal/store"
)

// Source is what a scrape reads from the state store; *store.Store implements
// it. Each method is one aggregate query, cheap at a million staged records.
type Source interface {
	// RunTallies are the runs with ids in (after, through] (through 0: no
	// bound) by job and status with their counts summed.
	RunTallies(ctx context.Context, after, through int64) ([]store.RunTally, error)
	// RunsSettledThrough is the highest run id up to which every run above
	// after has ended.
	RunsSettledThrough(ctx context.Context, after int64) (int64, error)
	// LastRunTimes are the last start and the last finish of every job.
	LastRunTimes(ctx context.Context) ([]store.RunTimes, error)
	// OutboxDepth is the pending writes per job.
	OutboxDepth(ctx context.Context) (map[string]int, error)
	// OpenDeadLetters is the dead letters neither replayed nor discarded,
	// per job.
	OpenDeadLetters(ctx context.Context) (map[string]int, error)
	// DraftTallies are the drafts in the given statuses by kind.
	DraftTallies(ctx context.Context, statuses ...string) ([]store.DraftTally, error)
	// LatestQualityScores is the newest quality run of every job.
	LatestQualityScores(ctx context.Context) ([]store.QualityRun, error)
	// SystemStatesNamed are the systems' kept values whose key ends with
	// suffix.
	SystemStatesNamed(ctx context.Context, suffix string) ([]store.SystemStateRow, error)
}

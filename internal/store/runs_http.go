package store

import (
	"context"
	"fmt"
)

// HTTPCounts are what a run's HTTP requests cost, to every system it asked:
// the client stack's own attempts and retries and those its connectors made
// themselves. They are totals so far (not increments): the runner writes
// them with each stored page, after each write-back batch and once more
// when the run ends, so a killed run keeps those it had stored last.
type HTTPCounts struct {
	// Requests are the attempts sent, answered or not.
	Requests int64 `db:"requests" json:"requests"`
	// Retries are failed attempts that were made again.
	Retries int64 `db:"retries" json:"retries"`
	// Throttled are 429 Too Many Requests answers.
	Throttled int64 `db:"throttled" json:"throttled"`
	// ServerErrors are 5xx answers.
	ServerErrors int64 `db:"server_errors" json:"server_errors"`
	// RateLimitWaitMS is the time spent waiting on rate limits (steward's
	// limiter, Retry-After, a connector's own pacing), in milliseconds.
	RateLimitWaitMS int64 `db:"rate_limit_wait_ms" json:"rate_limit_wait_ms"`
}

const setHTTPSQL = `UPDATE runs SET requests = ?, retries = ?, throttled = ?, server_errors = ?, rate_limit_wait_ms = ? WHERE id = ?`

// SetRunHTTP records a run's HTTP figures so far, replacing the ones it had.
func (s *Store) SetRunHTTP(ctx context.Context, runID int64, h HTTPCounts) error {
	if _, err := s.db.ExecContext(ctx, setHTTPSQL, httpArgs(runID, h)...); err != nil {
		return fmt.Errorf("record http counts of run %d: %w", runID, err)
	}
	return nil
}

// httpArgs are setHTTPSQL's arguments.
func httpArgs(runID int64, h HTTPCounts) []any {
	return []any{h.Requests, h.Retries, h.Throttled, h.ServerErrors, h.RateLimitWaitMS, runID}
}

package store

import (
	"context"
	"fmt"
)

// SetRunStream records which cursor stream a run reads (a backfill window's
// stream, or "live", the default).
func (s *Store) SetRunStream(ctx context.Context, runID int64, stream string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE runs SET stream = ? WHERE id = ?`, stream, runID); err != nil {
		return fmt.Errorf("record stream of run %d: %w", runID, err)
	}
	return nil
}

// ResetStream deletes one cursor stream of a job and reports whether it
// existed.
func (s *Store) ResetStream(ctx context.Context, job, stream string) (bool, error) {
	n, err := s.deleteCursors(ctx, job, `DELETE FROM cursors WHERE job = ? AND stream = ?`, job, stream)
	if err != nil {
		return false, fmt.Errorf("reset stream %s of %s: %w", stream, job, err)
	}
	return n > 0, nil
}

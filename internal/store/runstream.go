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

package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Deletion is one record its source reports deleted.
type Deletion struct {
	DataType string
	Source   string
	Key      string
	// At is the source's deletion time ("" when it gave none).
	At string
}

// deleteStaged drops the staged rows of a page's deletions and keeps their
// keys in the deletions table, in the page's transaction.
func (s *Store) deleteStaged(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	for _, d := range p.Deletions {
		if _, err := tx.ExecContext(ctx, `DELETE FROM staged WHERE data_type = ? AND source = ? AND key = ?`, d.DataType, d.Source, d.Key); err != nil {
			return fmt.Errorf("remove deleted record %s of %s: %w", d.Key, d.Source, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO deletions (data_type, source, key, deleted_at, run_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (data_type, source, key) DO UPDATE SET deleted_at = excluded.deleted_at, run_id = excluded.run_id`,
			d.DataType, d.Source, d.Key, d.At, p.RunID)
		if err != nil {
			return fmt.Errorf("record deletion of %s in %s: %w", d.Key, d.Source, err)
		}
	}
	return nil
}

// undelete forgets the deletion of every record a page stages again (an
// undeleted or re-created record).
func (s *Store) undelete(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	rows := p.Changed
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && n < stageChunk && rows[n].DataType == rows[0].DataType && rows[n].Source == rows[0].Source {
			n++
		}
		args := []any{rows[0].DataType, rows[0].Source}
		for _, r := range rows[:n] {
			args = append(args, r.Record.Key)
		}
		q := `DELETE FROM deletions WHERE data_type = ? AND source = ? AND key IN (?` + strings.Repeat(", ?", n-1) + `)`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("forget deletions of records staged again: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// Deleted reports whether source reported the record key of dataType
// deleted (and it has not been staged since).
func (s *Store) Deleted(ctx context.Context, dataType, source, key string) (bool, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM deletions WHERE data_type = ? AND source = ? AND key = ?`, dataType, source, key)
	if err != nil {
		return false, fmt.Errorf("read deletion of %s: %w", key, err)
	}
	return n > 0, nil
}

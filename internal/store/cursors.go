package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/stewardhq/steward/internal/record"
)

// Cursor returns the stored cursor of a job's stream; the zero cursor when none.
func (s *Store) Cursor(ctx context.Context, job, stream string) (record.Cursor, error) {
	var raw string
	err := s.db.GetContext(ctx, &raw, `SELECT cursor FROM cursors WHERE job = ? AND stream = ?`, job, stream)
	if errors.Is(err, sql.ErrNoRows) {
		return record.Cursor{}, nil
	}
	if err != nil {
		return record.Cursor{}, fmt.Errorf("read cursor of %s/%s: %w", job, stream, err)
	}
	c, err := record.ParseCursor([]byte(raw))
	if err != nil {
		return c, fmt.Errorf("cursor of job %s stream %s: %w (steward state reset %s --yes clears it and reloads from scratch)", job, stream, err, job)
	}
	return c, nil
}

// RawCursors returns every stored cursor of a job by stream, as stored.
func (s *Store) RawCursors(ctx context.Context, job string) (map[string]string, error) {
	rows, err := s.db.QueryxContext(ctx, `SELECT stream, cursor FROM cursors WHERE job = ? ORDER BY stream`, job)
	if err != nil {
		return nil, fmt.Errorf("read cursors of %s: %w", job, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var st, c string
		if err := rows.Scan(&st, &c); err != nil {
			return nil, err
		}
		out[st] = c
	}
	return out, rows.Err()
}

// SetCursor stores a cursor outside a page commit (end of pass, backfill windows).
func (s *Store) SetCursor(ctx context.Context, job, stream string, c record.Cursor) error {
	return s.putCursor(ctx, s.db, job, stream, c)
}

// SetRawCursor stores cursor bytes as given; only tests and repair tools use it.
func (s *Store) SetRawCursor(ctx context.Context, job, stream, raw string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cursors (job, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, job, stream, raw, s.stamp())
	return err
}

// ResetState deletes every cursor of a job, so its next run reads from scratch.
func (s *Store) ResetState(ctx context.Context, job string) (int64, error) {
	n, err := s.deleteCursors(ctx, job, `DELETE FROM cursors WHERE job = ?`, job)
	if err != nil {
		return 0, fmt.Errorf("reset state of %s: %w", job, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM pass_seen WHERE job = ?`, job); err != nil {
		return 0, fmt.Errorf("reset state of %s: %w", job, err)
	}
	return n, nil
}

// deleteCursors runs a cursor deletion unless a live run holds the job: that
// run would write its cursor back after the page in hand, and the reset would
// be lost without a word. A held job is a *LockError naming the run.
func (s *Store) deleteCursors(ctx context.Context, job, query string, args ...any) (int64, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := s.checkLock(ctx, tx, job); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, tx.Commit()
}

func (s *Store) putCursor(ctx context.Context, ex sqlx.ExecerContext, job, stream string, c record.Cursor) error {
	b, err := c.Marshal()
	if err != nil {
		return err
	}
	_, err = ex.ExecContext(ctx, `INSERT INTO cursors (job, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, job, stream, string(b), s.stamp())
	if err != nil {
		return fmt.Errorf("store cursor of %s/%s: %w", job, stream, err)
	}
	return nil
}

// StagedRow is one staged record as read back for snapshots.
type StagedRow struct {
	Key       string `db:"key"`
	Source    string `db:"source"`
	Hash      string `db:"hash"`
	Payload   []byte `db:"payload"`
	UpdatedAt string `db:"updated_at"`
	FirstRun  int64  `db:"first_run"`
	LastRun   int64  `db:"last_run"`
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AlertStart is where the alert watcher first watched something (a job's
// channel) on this database:
// runs up to RunID, except those still Running then, had ended before it,
// and so had quota figures read before At.
type AlertStart struct {
	RunID   int64     `json:"run_id"`
	Running []int64   `json:"running,omitempty"`
	At      time.Time `json:"at"`
}

// After reports whether run id ended after the start.
func (a AlertStart) After(id int64) bool {
	if id > a.RunID {
		return true
	}
	for _, r := range a.Running {
		if r == id {
			return true
		}
	}
	return false
}

// AlertStartAt returns the start kept under name, recording now and the
// runs so far on the first call on this database; later calls (by any
// process) return what the first recorded.
func (s *Store) AlertStartAt(ctx context.Context, name string, now time.Time) (AlertStart, error) {
	var st AlertStart
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return st, fmt.Errorf("read alert start: %w", err)
	}
	defer tx.Rollback()
	var v string
	err = tx.GetContext(ctx, &v, `SELECT value FROM alert_marks WHERE name = ?`, name)
	if err == nil {
		if err := json.Unmarshal([]byte(v), &st); err != nil {
			return st, fmt.Errorf("read alert start %.80q: %w", v, err)
		}
		return st, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("read alert start: %w", err)
	}
	if st, err = firstStart(ctx, tx, now); err != nil {
		return st, err
	}
	b, _ := json.Marshal(st)
	if _, err := tx.ExecContext(ctx, `INSERT INTO alert_marks (name, value, updated_at) VALUES (?, ?, ?)`, name, string(b), utc(now)); err != nil {
		return st, fmt.Errorf("record alert start: %w", err)
	}
	return st, tx.Commit()
}

func firstStart(ctx context.Context, tx *sqlx.Tx, now time.Time) (AlertStart, error) {
	st := AlertStart{At: now.UTC()}
	if err := tx.GetContext(ctx, &st.RunID, `SELECT COALESCE(max(id), 0) FROM runs`); err != nil {
		return st, fmt.Errorf("record alert start: %w", err)
	}
	if err := tx.SelectContext(ctx, &st.Running, `SELECT id FROM runs WHERE status = 'running' ORDER BY id`); err != nil {
		return st, fmt.Errorf("record alert start: %w", err)
	}
	return st, nil
}

// EndedBadly returns the runs that ended failed or partial after the start,
// oldest first.
func (s *Store) EndedBadly(ctx context.Context, start AlertStart) ([]Run, error) {
	q, args, err := sqlx.In(`SELECT * FROM runs WHERE status IN ('failed', 'partial') AND (id > ? OR id IN (?)) ORDER BY id`,
		start.RunID, append([]int64{-1}, start.Running...))
	if err != nil {
		return nil, fmt.Errorf("read failed runs: %w", err)
	}
	var out []Run
	if err := s.db.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("read failed runs: %w", err)
	}
	return out, nil
}

// ScorePoint is a quality run's score.
type ScorePoint struct {
	RunID int64   `db:"run_id"`
	Score float64 `db:"score"`
}

// QualityScores returns a job's scores of runs other than backfills, oldest
// first: from the newest at or before run from onwards.
func (s *Store) QualityScores(ctx context.Context, job string, from int64) ([]ScorePoint, error) {
	const live = `FROM quality_runs q JOIN runs r ON r.id = q.run_id WHERE q.job = ? AND r.trigger != 'backfill'`
	var out []ScorePoint
	err := s.db.SelectContext(ctx, &out, `SELECT q.run_id, q.score `+live+`
		AND q.run_id >= COALESCE((SELECT max(q.run_id) `+live+` AND q.run_id <= ?), 0) ORDER BY q.run_id`, job, job, from)
	if err != nil {
		return nil, fmt.Errorf("read quality scores of %s: %w", job, err)
	}
	return out, nil
}

// OpenDeadLettersOf counts a job's dead letters neither replayed nor
// discarded, and returns the newest run among them.
func (s *Store) OpenDeadLettersOf(ctx context.Context, job string) (n int, lastRun int64, err error) {
	row := s.db.QueryRowxContext(ctx, `SELECT count(*), COALESCE(max(run_id), 0) FROM dead_letters
		WHERE job = ? AND replayed_at IS NULL AND discarded_at IS NULL`, job)
	if err := row.Scan(&n, &lastRun); err != nil {
		return 0, 0, fmt.Errorf("count open dead letters of %s: %w", job, err)
	}
	return n, lastRun, nil
}

// ArmAlert keeps value under name unless a value is kept already, and
// returns the one kept: the first process to arm a crossing decides its key.
func (s *Store) ArmAlert(ctx context.Context, name, value string, now time.Time) (string, error) {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO alert_marks (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, value, utc(now)); err != nil {
		return "", fmt.Errorf("arm alert %s: %w", name, err)
	}
	var v string
	if err := s.db.GetContext(ctx, &v, `SELECT value FROM alert_marks WHERE name = ?`, name); err != nil {
		return "", fmt.Errorf("arm alert %s: %w", name, err)
	}
	return v, nil
}

// DisarmAlert forgets the crossing kept under name, so the next one is a
// new event.
func (s *Store) DisarmAlert(ctx context.Context, name string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM alert_marks WHERE name = ?`, name); err != nil {
		return fmt.Errorf("disarm alert %s: %w", name, err)
	}
	return nil
}

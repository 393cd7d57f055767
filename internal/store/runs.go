package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Run statuses.
const (
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	StatusPartial   = "partial"
)

// Run triggers.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
	TriggerBackfill = "backfill"
	// TriggerWebhook marks a run a vendor webhook started (steward serve).
	TriggerWebhook = "webhook"
)

// Counts are the per-run record counters.
type Counts struct {
	Read        int `db:"read" json:"read"`
	Staged      int `db:"staged" json:"staged"`
	Unchanged   int `db:"unchanged" json:"unchanged"`
	Written     int `db:"written" json:"written"`
	Rejected    int `db:"rejected" json:"rejected"`
	Quarantined int `db:"quarantined" json:"quarantined"`
	Pages       int `db:"pages" json:"pages"`
	// Deleted counts records the source reported deleted.
	Deleted int `db:"deleted" json:"deleted"`
}

// Add returns the sum of two counters.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.Read + d.Read, c.Staged + d.Staged, c.Unchanged + d.Unchanged, c.Written + d.Written,
		c.Rejected + d.Rejected, c.Quarantined + d.Quarantined, c.Pages + d.Pages, c.Deleted + d.Deleted}
}

// Run is one row of run history.
type Run struct {
	ID        int64          `db:"id" json:"id"`
	Job       string         `db:"job" json:"job"`
	Trigger   string         `db:"trigger" json:"trigger"`
	StartedAt string         `db:"started_at" json:"started_at"`
	EndedAt   sql.NullString `db:"ended_at" json:"-"`
	Status    string         `db:"status" json:"status"`
	Error     string         `db:"error" json:"error,omitempty"`
	PID       int            `db:"pid" json:"pid"`
	Stream    string         `db:"stream" json:"stream"`
	Counts
	HTTPCounts
}

// BeginRun takes the job's lock and records a new running run, in one
// transaction, and returns the run id. When another live run holds the job it
// returns a *LockError naming that run and writes nothing. Runs left "running"
// by a dead process are marked failed. It first writes what an earlier run of
// this Store could not (its final record, its lock release).
func (s *Store) BeginRun(ctx context.Context, job, trigger string) (int64, error) {
	s.payOwed(ctx, job)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin run of %s: %w", job, err)
	}
	defer tx.Rollback()
	if err := s.checkLock(ctx, tx, job); err != nil {
		return 0, err
	}
	now := s.stamp()
	abandoned, err := s.closeAbandoned(ctx, tx, job, now)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (job, trigger, started_at, status, pid) VALUES (?, ?, ?, 'running', ?)`,
		job, trigger, now, os.Getpid())
	if err != nil {
		return 0, fmt.Errorf("start run of %s: %w", job, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := s.takeLock(ctx, tx, job, id); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("start run of %s: %w", job, err)
	}
	for _, a := range abandoned {
		s.dropCause(a)
	}
	s.reserveCause(id)
	return id, nil
}

const addCountsSQL = `UPDATE runs SET read = read + ?, staged = staged + ?, unchanged = unchanged + ?, written = written + ?,
	rejected = rejected + ?, quarantined = quarantined + ?, pages = pages + ?, deleted = deleted + ? WHERE id = ?`

// FinishRun sets a run's final status and error text. When the record cannot
// be written (the disk is full), it checkpoints the WAL to release space and
// tries once more; failing again, it keeps the status and error in the run's
// side file, where the job's next BeginRun finds them, and returns the error.
func (s *Store) FinishRun(ctx context.Context, runID int64, status, errText string) error {
	errText = s.clean(errText)
	err := s.finishRun(ctx, runID, status, errText)
	if err != nil {
		_, _ = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		err = s.finishRun(ctx, runID, status, errText)
	}
	if err != nil {
		if kerr := s.keepCause(runID, status, errText); kerr != nil {
			err = errors.Join(err, kerr)
		}
		s.owe(func(o *owed) { o.runs[runID] = runCause{Status: status, Error: errText} })
		return fmt.Errorf("finish run %d: %w", runID, err)
	}
	s.dropCause(runID)
	return nil
}

func (s *Store) finishRun(ctx context.Context, runID int64, status, errText string) error {
	if s.failWrite != nil {
		if err := s.failWrite("finish run"); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, ended_at = ? WHERE id = ?`, status, errText, s.stamp(), runID)
	return err
}

// GetRun returns one run.
func (s *Store) GetRun(ctx context.Context, id int64) (Run, error) {
	var r Run
	err := s.db.GetContext(ctx, &r, `SELECT * FROM runs WHERE id = ?`, id)
	if err != nil {
		return r, fmt.Errorf("get run %d: %w", id, err)
	}
	return r, nil
}

// ListRuns returns the newest runs, of one job if job is not empty.
func (s *Store) ListRuns(ctx context.Context, job string, limit int) ([]Run, error) {
	var rs []Run
	err := s.db.SelectContext(ctx, &rs, `SELECT * FROM runs WHERE (? = '' OR job = ?) ORDER BY id DESC LIMIT ?`, job, job, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return rs, nil
}

// LastRun returns the newest run of a job; ok is false when it never ran.
func (s *Store) LastRun(ctx context.Context, job string) (Run, bool, error) {
	var r Run
	err := s.db.GetContext(ctx, &r, `SELECT * FROM runs WHERE job = ? AND trigger != 'backfill' ORDER BY id DESC LIMIT 1`, job)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("last run of %s: %w", job, err)
	}
	return r, true, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrLocked reports that another run holds a job's lock.
var ErrLocked = errors.New("job is locked")

// LockError names the run that holds a job.
type LockError struct {
	Job   string
	RunID int64
	PID   int
	Host  string
	Since string
}

func (e *LockError) Error() string {
	return fmt.Sprintf("job %s is held by run %d (pid %d on %s since %s)", e.Job, e.RunID, e.PID, e.Host, e.Since)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockError) Unwrap() error { return ErrLocked }

// StaleAfter is how long a lock from another host may go without a heartbeat
// before it is taken over.
const StaleAfter = 15 * time.Minute

type lockRow struct {
	RunID     int64  `db:"run_id"`
	PID       int    `db:"pid"`
	Host      string `db:"host"`
	Acquired  string `db:"acquired_at"`
	Heartbeat string `db:"heartbeat_at"`
	PIDStart  int64  `db:"pid_start"`
}

// checkLock fails with a *LockError when a live run holds the job. A lock left
// by a dead process on this host (gone, a zombie, or its pid now another
// process's), or one without a heartbeat for StaleAfter, may be taken over.
func (s *Store) checkLock(ctx context.Context, tx *sqlx.Tx, job string) error {
	var cur lockRow
	err := tx.GetContext(ctx, &cur, `SELECT run_id, pid, host, acquired_at, heartbeat_at, pid_start FROM locks WHERE job = ?`, job)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("lock job %s: %w", job, err)
	}
	host, _ := os.Hostname()
	if s.holderAlive(cur, host) {
		return &LockError{Job: job, RunID: cur.RunID, PID: cur.PID, Host: cur.Host, Since: cur.Acquired}
	}
	return nil
}

func (s *Store) takeLock(ctx context.Context, tx *sqlx.Tx, job string, runID int64) error {
	host, _ := os.Hostname()
	now := s.stamp()
	start, _ := processStart(os.Getpid()) // 0 (unknown) without /proc
	_, err := tx.ExecContext(ctx, `INSERT INTO locks (job, run_id, pid, host, acquired_at, heartbeat_at, pid_start) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
			acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, pid_start = excluded.pid_start`,
		job, runID, os.Getpid(), host, now, now, start)
	if err != nil {
		return fmt.Errorf("lock job %s: %w", job, err)
	}
	return nil
}

func (s *Store) holderAlive(cur lockRow, host string) bool {
	if cur.Host == host {
		return processAlive(cur.PID, cur.PIDStart)
	}
	hb, err := time.Parse(time.RFC3339Nano, cur.Heartbeat)
	return err == nil && s.now().Sub(hb) < StaleAfter
}

// ReleaseLock frees the job's lock if runID holds it. When that fails (the
// disk is full), this Store remembers it and tries again at the job's next
// BeginRun, so a long-running process is not refused by its own lock.
func (s *Store) ReleaseLock(ctx context.Context, job string, runID int64) error {
	if err := s.releaseLock(context.WithoutCancel(ctx), job, runID); err != nil {
		s.owe(func(o *owed) { o.locks[job] = runID })
		return fmt.Errorf("unlock job %s: %w", job, err)
	}
	return nil
}

func (s *Store) releaseLock(ctx context.Context, job string, runID int64) error {
	if s.failWrite != nil {
		if err := s.failWrite("release lock"); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM locks WHERE job = ? AND run_id = ?`, job, runID)
	return err
}

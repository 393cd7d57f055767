package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"syscall"
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
}

// checkLock fails with a *LockError when a live run holds the job. A lock left
// by a dead process on this host, or one without a heartbeat for StaleAfter,
// may be taken over.
func (s *Store) checkLock(ctx context.Context, tx *sqlx.Tx, job string) error {
	var cur lockRow
	err := tx.GetContext(ctx, &cur, `SELECT run_id, pid, host, acquired_at, heartbeat_at FROM locks WHERE job = ?`, job)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("lock job %s: %w", job, err)
	}
	host, _ := os.Hostname()
	if s.holderAlive(cur.PID, cur.Host, cur.Heartbeat, host) {
		return &LockError{Job: job, RunID: cur.RunID, PID: cur.PID, Host: cur.Host, Since: cur.Acquired}
	}
	return nil
}

func (s *Store) takeLock(ctx context.Context, tx *sqlx.Tx, job string, runID int64) error {
	host, _ := os.Hostname()
	now := s.stamp()
	_, err := tx.ExecContext(ctx, `INSERT INTO locks (job, run_id, pid, host, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
			acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`, job, runID, os.Getpid(), host, now, now)
	if err != nil {
		return fmt.Errorf("lock job %s: %w", job, err)
	}
	return nil
}

func (s *Store) holderAlive(pid int, holderHost, heartbeat, host string) bool {
	if holderHost == host {
		if pid == os.Getpid() {
			return true
		}
		return syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM)
	}
	hb, err := time.Parse(time.RFC3339Nano, heartbeat)
	return err == nil && s.now().Sub(hb) < StaleAfter
}

// ReleaseLock frees the job's lock if runID holds it.
func (s *Store) ReleaseLock(ctx context.Context, job string, runID int64) error {
	_, err := s.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM locks WHERE job = ? AND run_id = ?`, job, runID)
	if err != nil {
		return fmt.Errorf("unlock job %s: %w", job, err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// RunFilter selects runs for a page of run history; zero fields select all.
// Runs come newest first; BeforeID pages on (ids below it).
type RunFilter struct {
	Job, Status, Trigger string
	BeforeID             int64
	Limit                int
}

// RunPage lists runs matching f, newest first. It reads by the primary key
// (and runs_job for one job), so a deep page costs no more than the first.
func (s *Store) RunPage(ctx context.Context, f RunFilter) ([]Run, error) {
	var w filterSQL
	w.eq("job", f.Job)
	w.eq("status", f.Status)
	w.eq("trigger", f.Trigger)
	if f.BeforeID > 0 {
		w.add("id < ?", f.BeforeID)
	}
	var out []Run
	q := `SELECT * FROM runs WHERE ` + w.and() + ` ORDER BY id DESC LIMIT ?`
	if err := s.db.SelectContext(ctx, &out, q, append(w.args, sqlLimit(f.Limit))...); err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// RunJobs lists the jobs that have run, sorted.
func (s *Store) RunJobs(ctx context.Context) ([]string, error) {
	var out []string
	if err := s.db.SelectContext(ctx, &out, `SELECT DISTINCT job FROM runs ORDER BY job`); err != nil {
		return nil, fmt.Errorf("list jobs that ran: %w", err)
	}
	return out, nil
}

// The run page's reads of a run's dead letters and quarantined records; each
// is a lookup by run (migration 0020's indexes), not a scan of the table.
const (
	runDeadLettersSQL     = `SELECT * FROM dead_letters WHERE run_id = ? ORDER BY id`
	runDeadLetterPageSQL  = `SELECT * FROM dead_letters WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?`
	runDeadLetterTallySQL = `SELECT (SELECT count(*) FROM dead_letters WHERE run_id = ?),
		(SELECT count(*) FROM dead_letters WHERE run_id = ? AND replayed_at IS NULL AND discarded_at IS NULL)`
	runQuarantineSQL = `SELECT * FROM quarantine WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?`
)

// RunDeadLetters lists every dead letter a run produced, open, replayed or
// discarded, oldest first.
func (s *Store) RunDeadLetters(ctx context.Context, runID int64) ([]DeadLetter, error) {
	var out []DeadLetter
	if err := s.db.SelectContext(ctx, &out, runDeadLettersSQL, runID); err != nil {
		return nil, fmt.Errorf("list dead letters of run %d: %w", runID, err)
	}
	return out, nil
}

// RunDeadLetterPage lists at most limit dead letters of a run with ids
// above afterID, oldest first (keyset paging by dead_letters_run).
func (s *Store) RunDeadLetterPage(ctx context.Context, runID, afterID int64, limit int) ([]DeadLetter, error) {
	var out []DeadLetter
	if err := s.db.SelectContext(ctx, &out, runDeadLetterPageSQL, runID, afterID, limit); err != nil {
		return nil, fmt.Errorf("list dead letters of run %d: %w", runID, err)
	}
	return out, nil
}

// RunDeadLetterTally counts a run's dead letters and those still open
// (neither replayed nor discarded).
func (s *Store) RunDeadLetterTally(ctx context.Context, runID int64) (total, open int, err error) {
	if err := s.db.QueryRowContext(ctx, runDeadLetterTallySQL, runID, runID).Scan(&total, &open); err != nil {
		return 0, 0, fmt.Errorf("count dead letters of run %d: %w", runID, err)
	}
	return total, open, nil
}

// RunDeadLettersOf returns those of ids that are dead letters of the run,
// by id.
func (s *Store) RunDeadLettersOf(ctx context.Context, runID int64, ids []int64) ([]DeadLetter, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`SELECT * FROM dead_letters WHERE run_id = ? AND id IN (?) ORDER BY id`, runID, ids)
	var out []DeadLetter
	if err == nil {
		err = s.db.SelectContext(ctx, &out, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("read dead letters of run %d: %w", runID, err)
	}
	return out, nil
}

// QuarantinedRecord is a record a run could not read, kept with its reason
// and the page it came on.
type QuarantinedRecord struct {
	ID        int64  `db:"id"`
	RunID     int64  `db:"run_id"`
	Job       string `db:"job"`
	Key       string `db:"key"`
	Raw       []byte `db:"raw"`
	Reason    string `db:"reason"`
	Page      string `db:"page"`
	CreatedAt string `db:"created_at"`
}

// RunQuarantine lists the records a run quarantined with ids above afterID,
// oldest first, at most limit (all when limit <= 0).
func (s *Store) RunQuarantine(ctx context.Context, runID, afterID int64, limit int) ([]QuarantinedRecord, error) {
	var out []QuarantinedRecord
	if err := s.db.SelectContext(ctx, &out, runQuarantineSQL, runID, afterID, sqlLimit(limit)); err != nil {
		return nil, fmt.Errorf("list quarantined records of run %d: %w", runID, err)
	}
	return out, nil
}

package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Outbox statuses.
const (
	OutboxPending   = "pending"
	OutboxWritten   = "written"
	OutboxUnchanged = "unchanged"
	OutboxDead      = "dead"
)

// PendingOutbox returns up to limit pending writes of a job to a target, oldest
// first, with ids above after (for paging through the queue).
func (s *Store) PendingOutbox(ctx context.Context, job, target string, after int64, limit int) ([]OutboxItem, error) {
	var items []OutboxItem
	err := s.db.SelectContext(ctx, &items, `SELECT id, job, target, external_id, hash, payload, run_id, status, attempts FROM outbox
		WHERE job = ? AND target = ? AND status = 'pending' AND id > ? ORDER BY id LIMIT ?`, job, target, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox of %s to %s: %w", job, target, err)
	}
	return items, nil
}

// Settle is the outcome of one outbox item.
type Settle struct {
	ID     int64
	Status string
	// Reason is the target's message for a rejected (dead) write.
	Reason string
}

// SettleOutbox records outcomes of a batch and moves rejects to the dead-letter
// table, all in one transaction, and adds written/rejected to the run.
func (s *Store) SettleOutbox(ctx context.Context, runID int64, outcomes []Settle) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("settle outbox: %w", err)
	}
	defer tx.Rollback()
	var written, rejected, unchanged int
	now := s.stamp()
	for _, o := range outcomes {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`, o.Status, now, o.ID); err != nil {
			return fmt.Errorf("settle outbox item %d: %w", o.ID, err)
		}
		switch o.Status {
		case OutboxWritten:
			written++
		case OutboxUnchanged:
			unchanged++
		case OutboxDead:
			rejected++
			if err := s.deadLetter(ctx, tx, runID, o, now); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET written = written + ?, rejected = rejected + ? WHERE id = ?`, written, rejected, runID); err != nil {
		return fmt.Errorf("count writes: %w", err)
	}
	return tx.Commit()
}

func (s *Store) deadLetter(ctx context.Context, tx *sqlx.Tx, runID int64, o Settle, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO dead_letters (outbox_id, job, target, external_id, payload, reason, attempts, run_id, created_at)
		SELECT id, job, target, external_id, payload, ?, attempts, ?, ? FROM outbox WHERE id = ?`, s.clean(o.Reason), runID, now, o.ID)
	if err != nil {
		return fmt.Errorf("dead-letter outbox item %d: %w", o.ID, err)
	}
	return nil
}

// DeadLetter is a write a target rejected.
type DeadLetter struct {
	ID         int64   `db:"id" json:"id"`
	OutboxID   int64   `db:"outbox_id" json:"outbox_id"`
	Job        string  `db:"job" json:"job"`
	Target     string  `db:"target" json:"target"`
	ExternalID string  `db:"external_id" json:"external_id"`
	Payload    []byte  `db:"payload" json:"-"`
	Reason     string  `db:"reason" json:"reason"`
	Attempts   int     `db:"attempts" json:"attempts"`
	RunID      int64   `db:"run_id" json:"run_id"`
	CreatedAt  string  `db:"created_at" json:"created_at"`
	ReplayedAt *string `db:"replayed_at" json:"replayed_at,omitempty"`
}

// DeadLetters lists dead letters not yet replayed, of one job if job is set.
func (s *Store) DeadLetters(ctx context.Context, job string, limit int) ([]DeadLetter, error) {
	var out []DeadLetter
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM dead_letters WHERE replayed_at IS NULL AND (? = '' OR job = ?) ORDER BY id LIMIT ?`, job, job, limit)
	if err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	return out, nil
}

// ReplayDeadLetters puts dead letters back into the outbox as pending; ids empty
// means all of job's (or all, when job is empty). It returns how many.
func (s *Store) ReplayDeadLetters(ctx context.Context, job string, ids []int64) (int, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("replay dead letters: %w", err)
	}
	defer tx.Rollback()
	var picked []DeadLetter
	if err := tx.SelectContext(ctx, &picked, `SELECT * FROM dead_letters WHERE replayed_at IS NULL AND (? = '' OR job = ?)`, job, job); err != nil {
		return 0, fmt.Errorf("replay dead letters: %w", err)
	}
	n, now := 0, s.stamp()
	for _, d := range picked {
		if len(ids) > 0 && !containsID(ids, d.ID) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', updated_at = ? WHERE id = ?`, now, d.OutboxID); err != nil {
			return 0, fmt.Errorf("replay dead letter %d: %w", d.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dead_letters SET replayed_at = ? WHERE id = ?`, now, d.ID); err != nil {
			return 0, fmt.Errorf("replay dead letter %d: %w", d.ID, err)
		}
		n++
	}
	return n, tx.Commit()
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// Enqueue adds writes to the outbox in one transaction (drafts being pushed).
func (s *Store) Enqueue(ctx context.Context, items []OutboxItem) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("enqueue writes: %w", err)
	}
	defer tx.Rollback()
	if err := s.enqueue(ctx, tx, items); err != nil {
		return err
	}
	return tx.Commit()
}

// OutboxStatus returns the status of the write keyed by target, external id and hash.
func (s *Store) OutboxStatus(ctx context.Context, target, externalID, hash string) (string, error) {
	var st string
	err := s.db.GetContext(ctx, &st, `SELECT status FROM outbox WHERE target = ? AND external_id = ? AND hash = ?`, target, externalID, hash)
	return st, err
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
)

// Outbox statuses.
const (
	OutboxPending   = "pending"
	OutboxWritten   = "written"
	OutboxUnchanged = "unchanged"
	OutboxDead      = "dead"
	// OutboxConflict waits for the transform stage's decision on a write
	// the target refused as a concurrent change (see conflicts.go).
	OutboxConflict = "conflict"
	// OutboxEscalated is held for a person's decision (an escalation).
	OutboxEscalated = "escalated"
	// OutboxDropped was decided not to be written; the reason says why.
	OutboxDropped = "dropped"
)

// PendingOutbox returns up to limit pending writes of a job to a target, oldest
// first, with ids above after (for paging through the queue). Writes that push
// a draft are left out: only a draft push sends them, after its re-check.
func (s *Store) PendingOutbox(ctx context.Context, job, target string, after int64, limit int) ([]OutboxItem, error) {
	var items []OutboxItem
	err := s.db.SelectContext(ctx, &items, `SELECT id, job, target, external_id, hash, payload, run_id, status, attempts, draft_id, overwrite, source_key, canonical_id, native_id FROM outbox
		WHERE job = ? AND target = ? AND status = 'pending' AND draft_id = 0 AND id > ? ORDER BY id LIMIT ?`, job, target, after, limit)
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
	// Current is, for a conflict, the target's re-read values.
	Current map[string]json.RawMessage
	// Letter, when set, is the payload a dead letter keeps instead of the
	// write's own (the write with its personal values pseudonymized; the
	// outbox row keeps the plain write for a replay).
	Letter []byte
}

// SettleOutbox records outcomes of a batch and moves rejects to the dead-letter
// table, all in one transaction, and adds written/rejected to the run. Open
// dead letters of a settled item are marked replayed: their write was made.
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
		if err := settleOne(ctx, tx, o, now); err != nil {
			return err
		}
		// The write of an open dead letter was made again: it is replayed
		// (a reject again is a dead letter of its own, added below).
		if _, err := tx.ExecContext(ctx, `UPDATE dead_letters SET replayed_at = ? WHERE outbox_id = ? AND replayed_at IS NULL AND discarded_at IS NULL`, now, o.ID); err != nil {
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
		SELECT id, job, target, external_id, coalesce(?, payload), ?, attempts, ?, ? FROM outbox WHERE id = ?`, letter(o.Letter), s.clean(o.Reason), runID, now, o.ID)
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
	// DiscardedAt is set when a person gave the write up, with DiscardReason.
	DiscardedAt   *string `db:"discarded_at" json:"discarded_at,omitempty"`
	DiscardReason string  `db:"discard_reason" json:"discard_reason,omitempty"`
}

// DeadLetters lists dead letters neither replayed nor discarded, of one job if
// job is set.
func (s *Store) DeadLetters(ctx context.Context, job string, limit int) ([]DeadLetter, error) {
	var out []DeadLetter
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM dead_letters WHERE replayed_at IS NULL AND discarded_at IS NULL AND (? = '' OR job = ?)
		ORDER BY id LIMIT ?`, job, job, limit)
	if err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	return out, nil
}

// pickDeadLetters selects the open dead letters of job (all jobs when empty),
// only ids when given; a named id that is not open is a *SelectionError.
func (s *Store) pickDeadLetters(ctx context.Context, q sqlx.QueryerContext, job string, ids []int64) ([]DeadLetter, error) {
	var open []DeadLetter
	if err := sqlx.SelectContext(ctx, q, &open, `SELECT * FROM dead_letters WHERE replayed_at IS NULL AND discarded_at IS NULL
		AND (? = '' OR job = ?) ORDER BY id`, job, job); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return open, nil
	}
	var picked []DeadLetter
	var problems []string
	for _, id := range ids {
		i := slices.IndexFunc(open, func(d DeadLetter) bool { return d.ID == id })
		if i < 0 {
			problems = append(problems, fmt.Sprintf("there is no open dead letter %d%s", id, ofJob(job)))
			continue
		}
		picked = append(picked, open[i])
	}
	if len(problems) > 0 {
		return nil, &SelectionError{Problems: problems}
	}
	return picked, nil
}

// DeadLetterJobs groups open dead letters by job: the named ids, or every
// open one of job (all jobs when empty). Ids that are not open are a
// *SelectionError.
func (s *Store) DeadLetterJobs(ctx context.Context, job string, ids []int64) (map[string][]int64, error) {
	picked, err := s.pickDeadLetters(ctx, s.db, job, ids)
	if err != nil {
		return nil, fmt.Errorf("select dead letters: %w", err)
	}
	out := map[string][]int64{}
	for _, d := range picked {
		out[d.Job] = append(out[d.Job], d.ID)
	}
	return out, nil
}

func ofJob(job string) string {
	if job == "" {
		return ""
	}
	return " of job " + job
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

// EnqueueDraftPushes adds the writes of a draft push to the outbox in one
// transaction and returns them with their ids, for the push to send exactly
// these.
func (s *Store) EnqueueDraftPushes(ctx context.Context, items []OutboxItem) ([]OutboxItem, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("enqueue draft pushes: %w", err)
	}
	defer tx.Rollback()
	if err := s.enqueue(ctx, tx, items); err != nil {
		return nil, err
	}
	out := make([]OutboxItem, 0, len(items))
	for _, it := range items {
		var got OutboxItem
		err := tx.GetContext(ctx, &got, `SELECT id, job, target, external_id, hash, payload, run_id, status, attempts, draft_id, overwrite, source_key, canonical_id, native_id FROM outbox
			WHERE target = ? AND external_id = ? AND hash = ?`, it.Target, it.ExternalID, it.Hash)
		if err != nil {
			return nil, fmt.Errorf("enqueue draft push %s: %w", it.ExternalID, err)
		}
		out = append(out, got)
	}
	return out, tx.Commit()
}

// OutboxStatuses returns the status of outbox items by id.
func (s *Store) OutboxStatuses(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT id, status FROM outbox WHERE id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryxContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox statuses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// enqueue adds writes inside tx; a write already in the outbox (same target,
// record and content) is queued again unless it is pending as it is.
func (s *Store) enqueue(ctx context.Context, tx *sqlx.Tx, items []OutboxItem) error {
	now := s.stamp()
	for _, it := range items {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (job, target, external_id, hash, payload, run_id, status, created_at, updated_at, draft_id,
				overwrite, source_key, canonical_id, synced, native_id)
			VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (target, external_id, hash) DO UPDATE SET status = 'pending', run_id = excluded.run_id, updated_at = excluded.updated_at,
			draft_id = excluded.draft_id, overwrite = excluded.overwrite, current = '', reason = '',
			source_key = excluded.source_key, canonical_id = excluded.canonical_id, synced = excluded.synced, native_id = excluded.native_id
			WHERE outbox.status != 'pending' OR outbox.draft_id != excluded.draft_id OR outbox.overwrite != excluded.overwrite
				OR outbox.synced != excluded.synced`,
			it.Job, it.Target, it.ExternalID, it.Hash, it.Payload, it.RunID, now, now, it.DraftID, it.Overwrite, it.SourceKey, it.CanonicalID, string(it.Synced), it.NativeID)
		if err != nil {
			return fmt.Errorf("enqueue write %s to %s: %w", it.ExternalID, it.Target, err)
		}
	}
	return nil
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// Conflict is a write a target refused as a concurrent change, waiting for
// the transform stage's decision.
type Conflict struct {
	OutboxItem
	// Current is the target's re-read values of the fields the write carries.
	Current map[string]json.RawMessage
	// Superseded says a later write of the same record to the target (of a
	// later run, or later in the same run) carries every field this one
	// does: written again, this one could only send older values over it.
	Superseded bool
}

// Conflicts returns the writes of a job to a target in status conflict,
// oldest first (draft pushes never wait there: see jobs' writeBatch).
func (s *Store) Conflicts(ctx context.Context, job, target string) ([]Conflict, error) {
	rows, err := s.db.QueryxContext(ctx, `SELECT id, job, target, external_id, hash, payload, run_id, status, attempts, draft_id, overwrite,
		source_key, canonical_id, native_id, current FROM outbox WHERE job = ? AND target = ? AND status = 'conflict' AND draft_id = 0 ORDER BY id`, job, target)
	if err != nil {
		return nil, fmt.Errorf("read conflicts of %s in %s: %w", job, target, err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var current string
		if err := rows.Scan(&c.ID, &c.Job, &c.Target, &c.ExternalID, &c.Hash, &c.Payload, &c.RunID, &c.Status, &c.Attempts,
			&c.DraftID, &c.Overwrite, &c.SourceKey, &c.CanonicalID, &c.NativeID, &current); err != nil {
			return nil, fmt.Errorf("read conflicts of %s in %s: %w", job, target, err)
		}
		if err := json.Unmarshal([]byte(current), &c.Current); current != "" && err != nil {
			return nil, fmt.Errorf("read conflict %d (%s): %w", c.ID, c.ExternalID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read conflicts of %s in %s: %w", job, target, err)
	}
	rows.Close()
	for i := range out {
		if out[i].Superseded, err = s.superseded(ctx, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// superseded reports whether a later write of c's record to its target
// carries every field c does.
func (s *Store) superseded(ctx context.Context, c Conflict) (bool, error) {
	var later [][]byte
	err := s.db.SelectContext(ctx, &later, `SELECT payload FROM outbox WHERE job = ? AND target = ? AND external_id = ? AND draft_id = 0
		AND id != ? AND (run_id > ? OR (run_id = ? AND id > ?))`, c.Job, c.Target, c.ExternalID, c.ID, c.RunID, c.RunID, c.ID)
	if err != nil {
		return false, fmt.Errorf("read later writes of %s in %s: %w", c.ExternalID, c.Target, err)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(c.Payload, &fields) != nil {
		return false, nil
	}
	for _, p := range later {
		var newer map[string]json.RawMessage
		if json.Unmarshal(p, &newer) != nil {
			continue
		}
		covered := true
		for f := range fields {
			if _, ok := newer[f]; !ok {
				covered = false
				break
			}
		}
		if covered {
			return true, nil
		}
	}
	return false, nil
}

// ConflictOutcome is the transform stage's decision on one conflict.
type ConflictOutcome struct {
	ID int64
	// Status is OutboxPending (write again with overwrite), OutboxDropped,
	// OutboxEscalated or OutboxDead.
	Status string
	Reason string
	// Letter is the dead letter's payload for OutboxDead (see Settle.Letter).
	Letter []byte
	// Escalation is opened for OutboxEscalated.
	Escalation *Escalation
	// Agreed says the target already holds the write's values: the synced
	// version the write carries is recorded, as for an unchanged write.
	Agreed bool
}

// SettleConflicts records decisions on conflicts in one transaction: a
// write queued again carries overwrite, a dead one becomes a dead letter
// with the reason, an escalated one opens its escalation, and one the
// target already holds records the synced version it carries.
func (s *Store) SettleConflicts(ctx context.Context, runID int64, outs []ConflictOutcome) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("settle conflicts: %w", err)
	}
	defer tx.Rollback()
	now, rejected := s.stamp(), 0
	for _, o := range outs {
		overwrite := o.Status == OutboxPending
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, overwrite = overwrite OR ?, reason = ?, updated_at = ? WHERE id = ? AND status = 'conflict'`,
			o.Status, overwrite, s.clean(o.Reason), now, o.ID); err != nil {
			return fmt.Errorf("settle conflict %d: %w", o.ID, err)
		}
		switch {
		case o.Agreed:
			if err := landSynced(ctx, tx, o.ID, now); err != nil {
				return err
			}
		case o.Status == OutboxDead:
			rejected++
			if err := s.deadLetter(ctx, tx, runID, Settle{ID: o.ID, Reason: o.Reason, Letter: o.Letter}, now); err != nil {
				return err
			}
		case o.Escalation != nil:
			if err := s.escalate(ctx, tx, []Escalation{*o.Escalation}); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET rejected = rejected + ? WHERE id = ?`, rejected, runID); err != nil {
		return fmt.Errorf("count rejected writes: %w", err)
	}
	return tx.Commit()
}

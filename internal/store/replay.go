package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

// A replay takes dead letters up in three steps: ReplayDeadLetters plans it
// (and discards at once a write of data a newer write superseded), the caller
// writes (the outbox, the drafts), and SettleReplay reads what became of each
// dead letter. A dead letter is marked replayed only once its write settled
// (SettleOutbox, MarkPushed); one that is not sent is discarded with the reason.

// ReasonSuperseded is why a replay discards a write of data that a newer
// write of the same field to the same record replaced: sending it would put
// stale data back.
const ReasonSuperseded = "superseded by a newer write"

// ReplayEntry is one dead letter a replay sends again.
type ReplayEntry struct {
	DeadLetter, OutboxID int64
	// DraftID names the draft of a rejected draft push (0 for data).
	DraftID int64
}

// JobReplay is one job's share of a replay.
type JobReplay struct {
	// Entries are sent again: writes of data queued again as they were, and
	// drafts to push again from their current value.
	Entries []ReplayEntry
	// Skipped counts dead letters discarded without a write, by reason.
	Skipped map[string]int
}

// DraftIDs returns the drafts the replay pushes again.
func (j *JobReplay) DraftIDs() []int64 {
	var ids []int64
	for _, e := range j.Entries {
		if e.DraftID != 0 && !slices.Contains(ids, e.DraftID) {
			ids = append(ids, e.DraftID)
		}
	}
	return ids
}

// ReplayPlan is what a replay takes up, by job.
type ReplayPlan map[string]*JobReplay

// ReplayDeadLetters plans a replay of dead letters: ids, or all of job's (all
// when job is empty) when ids is empty. A write of data is queued again as
// pending, unless a newer write (any outbox row for the same target and
// record, queued after it, writing one of its fields) superseded it: that dead
// letter is discarded with ReasonSuperseded. A draft push is not queued (its
// payload may be stale) but named in the plan, for the caller to push the
// draft again. Nothing is marked replayed here. Ids that do not exist, or are
// already replayed or discarded, refuse the whole replay with a
// *SelectionError. Each dead letter taken up is recorded in the audit trail
// as replayed by reviewer, in the plan's transaction.
func (s *Store) ReplayDeadLetters(ctx context.Context, job string, ids []int64, reviewer string) (ReplayPlan, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("replay dead letters: %w", err)
	}
	defer tx.Rollback()
	picked, err := s.pickDeadLetters(ctx, tx, job, ids)
	if err != nil {
		return nil, fmt.Errorf("replay dead letters: %w", err)
	}
	plan, now := ReplayPlan{}, s.stamp()
	for _, d := range picked {
		if plan[d.Job] == nil {
			plan[d.Job] = &JobReplay{Skipped: map[string]int{}}
		}
		sent := len(plan[d.Job].Entries)
		if err := s.planOne(ctx, tx, d, plan[d.Job], now); err != nil {
			return nil, fmt.Errorf("replay dead letter %d: %w", d.ID, err)
		}
		after := "sent again"
		if len(plan[d.Job].Entries) == sent {
			after = "discarded: " + ReasonSuperseded
		}
		if err := s.audit(ctx, tx, deadLetterRecord(d, reviewer, AuditReplay, "", after)); err != nil {
			return nil, err
		}
	}
	return plan, tx.Commit()
}

// deadLetterRecord is the audit record of a decision on a dead letter
// (replayed or discarded): before is the write and what the target said,
// after what became of it.
func deadLetterRecord(d DeadLetter, reviewer, action, reason, after string) DecisionRecord {
	return DecisionRecord{Reviewer: reviewer, Action: action, SubjectKind: SubjectDeadLetter, SubjectID: strconv.FormatInt(d.ID, 10),
		Reason: reason, Before: fmt.Sprintf("%s %s (job %s): %s", d.Target, d.ExternalID, d.Job, d.Reason), After: after}
}

func (s *Store) planOne(ctx context.Context, tx *sqlx.Tx, d DeadLetter, j *JobReplay, now string) error {
	var draftID int64
	if err := tx.GetContext(ctx, &draftID, `SELECT draft_id FROM outbox WHERE id = ?`, d.OutboxID); err != nil {
		return err
	}
	e := ReplayEntry{DeadLetter: d.ID, OutboxID: d.OutboxID, DraftID: draftID}
	if draftID != 0 {
		j.Entries = append(j.Entries, e)
		return nil
	}
	newer, err := newerFields(ctx, tx, d)
	if err != nil {
		return err
	}
	if len(newer) > 0 {
		j.Skipped[ReasonSuperseded]++
		_, err := tx.ExecContext(ctx, `UPDATE dead_letters SET discarded_at = ?, discard_reason = ? WHERE id = ?`,
			now, ReasonSuperseded+" ("+strings.Join(newer, ", ")+")", d.ID)
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', updated_at = ? WHERE id = ?`, now, d.OutboxID); err != nil {
		return err
	}
	j.Entries = append(j.Entries, e)
	return nil
}

// newerFields returns the fields of a dead letter's write that a newer write
// to the same target and record also writes: an outbox row queued after it
// (a later id, or its row queued again by a later run).
func newerFields(ctx context.Context, tx *sqlx.Tx, d DeadLetter) ([]string, error) {
	var mine map[string]json.RawMessage
	if err := json.Unmarshal(d.Payload, &mine); err != nil {
		return nil, fmt.Errorf("read the payload of dead letter %d: %w", d.ID, err)
	}
	var later [][]byte
	err := tx.SelectContext(ctx, &later, `SELECT payload FROM outbox WHERE target = ? AND external_id = ? AND id != ?
		AND (id > ? OR run_id > ?)`, d.Target, d.ExternalID, d.OutboxID, d.OutboxID, d.RunID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range later {
		var theirs map[string]json.RawMessage
		if json.Unmarshal(p, &theirs) != nil {
			continue
		}
		for f := range theirs {
			if _, ok := mine[f]; ok && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// ReplayOutcome is what became of the dead letters a replay sent.
type ReplayOutcome struct {
	// Written, Unchanged (the target already held the value) and Rejected
	// (rejected again: a new dead letter) count the writes that settled.
	Written, Unchanged, Rejected int
	// Skipped counts dead letters discarded without a write, by reason.
	Skipped map[string]int
	// Unsent counts dead letters whose write was not made (the run stopped);
	// they stay open.
	Unsent int
}

// SettleReplay reads what became of the entries a replay run (runID) sent:
// a write of data by its outbox row; a draft push by its draft. A draft that
// was not sent (no longer approved, or flagged at its re-check) has its dead
// letter discarded with the reason.
func (s *Store) SettleReplay(ctx context.Context, runID int64, entries []ReplayEntry) (ReplayOutcome, error) {
	out := ReplayOutcome{Skipped: map[string]int{}}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return out, fmt.Errorf("settle replay: %w", err)
	}
	defer tx.Rollback()
	now := s.stamp()
	for _, e := range entries {
		status, reason, detail, err := s.replayed(ctx, tx, runID, e)
		if err != nil {
			return out, fmt.Errorf("settle replay of dead letter %d: %w", e.DeadLetter, err)
		}
		switch status {
		case OutboxWritten:
			out.Written++
		case OutboxUnchanged:
			out.Unchanged++
		case OutboxDead:
			out.Rejected++
		case OutboxPending:
			out.Unsent++
			continue
		default:
			out.Skipped[reason]++
			if _, err := tx.ExecContext(ctx, `UPDATE dead_letters SET discarded_at = ?, discard_reason = ? WHERE id = ? AND replayed_at IS NULL AND discarded_at IS NULL`,
				now, detail, e.DeadLetter); err != nil {
				return out, fmt.Errorf("settle replay of dead letter %d: %w", e.DeadLetter, err)
			}
			continue
		}
		// Settled: a draft pushed again in a new outbox row leaves the old
		// row's dead letter open; it is replayed now.
		if _, err := tx.ExecContext(ctx, `UPDATE dead_letters SET replayed_at = ? WHERE id = ? AND replayed_at IS NULL AND discarded_at IS NULL`,
			now, e.DeadLetter); err != nil {
			return out, fmt.Errorf("settle replay of dead letter %d: %w", e.DeadLetter, err)
		}
	}
	return out, tx.Commit()
}

// replayed returns the outbox status an entry's write settled in (pending:
// not made), or "" with the reason it was not sent (and that reason in full,
// for the dead letter).
func (s *Store) replayed(ctx context.Context, tx *sqlx.Tx, runID int64, e ReplayEntry) (status, reason, detail string, err error) {
	if e.DraftID == 0 {
		err = tx.GetContext(ctx, &status, `SELECT status FROM outbox WHERE id = ?`, e.OutboxID)
		return status, "", "", err
	}
	var d Draft
	if err := tx.GetContext(ctx, &d, `SELECT * FROM drafts WHERE id = ?`, e.DraftID); err != nil {
		return "", "", "", err
	}
	switch d.Status {
	case DraftPushed:
		return OutboxWritten, "", "", nil
	case DraftApproved, DraftPushing:
		// Rejected again by the target in this run, or not sent at all.
		var n int
		err := tx.GetContext(ctx, &n, `SELECT count(*) FROM outbox WHERE draft_id = ? AND run_id = ? AND status = ?`, d.ID, runID, OutboxDead)
		if err != nil || n == 0 {
			return OutboxPending, "", "", err
		}
		return OutboxDead, "", "", nil
	case DraftFlagged:
		return "", "the draft is flagged", "the draft is flagged: " + d.Reason, nil
	}
	reason = "the draft is " + d.Status + ", no longer approved"
	return "", reason, reason, nil
}

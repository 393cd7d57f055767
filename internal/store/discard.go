package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Discarded is what DiscardDeadLetters did.
type Discarded struct {
	// DeadLetters discarded, and DraftsRejected: the drafts of discarded
	// draft pushes that were still open, rejected so no push sends them.
	DeadLetters, DraftsRejected int
}

// DiscardDeadLetters gives up dead letters with a reason: ids, or all of job's
// (all when job is empty) when ids is empty. Giving up a rejected draft push
// rejects its draft (if it is still pending, approved or flagged), by reviewer
// with the reason as the review reason, so the next push does not send it;
// that needs a reviewer. A draft a push is writing refuses the discard
// (*SelectionError), as does a missing reason or reviewer. Nothing changes
// when it refuses.
func (s *Store) DiscardDeadLetters(ctx context.Context, job string, ids []int64, reason, reviewer string) (Discarded, error) {
	var out Discarded
	if reason == "" {
		return out, &SelectionError{Problems: []string{"discarding dead letters needs a reason"}}
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return out, fmt.Errorf("discard dead letters: %w", err)
	}
	defer tx.Rollback()
	picked, err := s.pickDeadLetters(ctx, tx, job, ids)
	if err != nil {
		return out, fmt.Errorf("discard dead letters: %w", err)
	}
	drafts, err := s.draftsOf(ctx, tx, picked)
	if err != nil {
		return out, fmt.Errorf("discard dead letters: %w", err)
	}
	if err := discardProblems(drafts, reviewer); err != nil {
		return out, err
	}
	now := s.stamp()
	for _, d := range picked {
		if _, err := tx.ExecContext(ctx, `UPDATE dead_letters SET discarded_at = ?, discard_reason = ? WHERE id = ?`, now, reason, d.ID); err != nil {
			return out, fmt.Errorf("discard dead letter %d: %w", d.ID, err)
		}
		if err := s.audit(ctx, tx, deadLetterRecord(d, reviewer, AuditDiscard, reason, "")); err != nil {
			return out, err
		}
	}
	for _, d := range drafts {
		res, err := tx.ExecContext(ctx, `UPDATE drafts SET status = ?, reviewer = ?, override = 0, review_reason = ?, updated_at = ?
			WHERE id = ? AND status IN (?, ?, ?)`, DraftRejected, reviewer, reason, now, d.ID, DraftPending, DraftApproved, DraftFlagged)
		if err != nil {
			return out, fmt.Errorf("reject draft %d: %w", d.ID, err)
		}
		n, _ := res.RowsAffected()
		out.DraftsRejected += int(n)
	}
	out.DeadLetters = len(picked)
	return out, tx.Commit()
}

// draftsOf returns the drafts whose pushes the dead letters are, after
// releasing the claims of pushes that are no longer running.
func (s *Store) draftsOf(ctx context.Context, tx *sqlx.Tx, dls []DeadLetter) ([]Draft, error) {
	if _, err := tx.ExecContext(ctx, releaseStaleSQL, s.stamp()); err != nil {
		return nil, err
	}
	var out []Draft
	for _, d := range dls {
		var ds []Draft
		if err := tx.SelectContext(ctx, &ds, `SELECT * FROM drafts WHERE id = (SELECT draft_id FROM outbox WHERE id = ?)`, d.OutboxID); err != nil {
			return nil, err
		}
		for _, x := range ds {
			if !slices.ContainsFunc(out, func(y Draft) bool { return y.ID == x.ID }) {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func discardProblems(drafts []Draft, reviewer string) error {
	var problems []string
	for _, d := range drafts {
		if d.Status == DraftPushing {
			problems = append(problems, beingPushed(d))
		}
	}
	if len(drafts) > 0 && strings.TrimSpace(reviewer) == "" {
		problems = append(problems, "discarding a rejected draft push rejects its draft, so it needs a reviewer: pass --reviewer NAME or set $STEWARD_REVIEWER")
	}
	if len(problems) > 0 {
		return &SelectionError{Problems: problems}
	}
	return nil
}

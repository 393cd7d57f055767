package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// SelectionError reports drafts or dead letters named by id that cannot take
// the action asked for (they do not exist, or their status forbids it). Nothing
// was changed.
type SelectionError struct{ Problems []string }

func (e *SelectionError) Error() string { return strings.Join(e.Problems, "; ") }

// Review is who reviews and why.
type Review struct {
	Reviewer string
	// Reason is required for an override and for a rejection.
	Reason string
	// Override approves flagged drafts named by id.
	Override bool
	// Seen, when set, is the updated_at of the draft as the reviewer's page
	// showed it: a decision on a draft changed since (decided or edited by
	// someone else, flagged by a push, drafted anew) is refused. It is for a
	// decision on one draft.
	Seen string
}

// stale is the refusal of a decision taken on a version of d that is no
// longer its own, naming who changed it; empty when r saw d as it is.
func stale(d Draft, r Review) string {
	if r.Seen == "" || r.Seen == d.UpdatedAt {
		return ""
	}
	by := ""
	if d.Reviewer != "" {
		by = " by " + d.Reviewer
	}
	return fmt.Sprintf("draft %d changed since your page showed it (it is now %s%s, at %s): reload it and decide again", d.ID, d.Status, by, d.UpdatedAt)
}

// ApproveSelection approves the pending drafts a filter selects without ids
// (--all and filters). Flagged drafts are never approved in bulk: it returns how
// many it approved and how many flagged drafts of the selection it skipped.
func (s *Store) ApproveSelection(ctx context.Context, f DraftFilter, r Review) (approved, skippedFlagged int64, err error) {
	return s.approveSelection(ctx, f, "", r)
}

func (s *Store) approveSelection(ctx context.Context, f DraftFilter, digest string, r Review) (approved, skippedFlagged int64, err error) {
	if len(f.IDs) > 0 || r.Override {
		return 0, 0, fmt.Errorf("approve drafts: ids and overrides go through ApproveIDs")
	}
	f.Status, f.Limit = "", 0
	where, args := f.where()
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("approve drafts: %w", err)
	}
	defer tx.Rollback()
	ids, err := selectionIDs(ctx, tx, f, approvableInBulk)
	if err != nil {
		return 0, 0, fmt.Errorf("approve drafts: %w", err)
	}
	if err := checkDigest(ids, digest); err != nil {
		return 0, 0, err
	}
	if err := tx.GetContext(ctx, &skippedFlagged, `SELECT count(*) FROM drafts WHERE `+where+` AND status = ?`, append(args, DraftFlagged)...); err != nil {
		return 0, 0, fmt.Errorf("approve drafts: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE drafts SET status = ?, reviewer = ?, review_reason = ?, updated_at = ? WHERE `+where+` AND status = ?`,
		append(append([]any{DraftApproved, r.Reviewer, r.Reason, s.stamp()}, args...), DraftPending)...)
	if err != nil {
		return 0, skippedFlagged, fmt.Errorf("approve drafts: %w", err)
	}
	if approved, err = res.RowsAffected(); err != nil {
		return 0, 0, fmt.Errorf("approve drafts: %w", err)
	}
	after := fmt.Sprintf(`{"approved":%d,"skipped_flagged":%d,"ids":%s}`, approved, skippedFlagged, idList(ids))
	if err := s.audit(ctx, tx, DecisionRecord{Reviewer: r.Reviewer, Action: AuditApproveSelection, SubjectKind: SubjectSelection,
		SubjectID: f.describe(), Reason: r.Reason, After: after}); err != nil {
		return 0, 0, err
	}
	return approved, skippedFlagged, tx.Commit()
}

// ApproveIDs approves the drafts named by id. A flagged draft needs
// r.Override and a reason; a draft that does not exist, or is pushed, rejected
// or superseded, cannot be approved. Any such problem refuses the whole
// command with a *SelectionError and changes nothing.
func (s *Store) ApproveIDs(ctx context.Context, ids []int64, r Review) (int64, error) {
	if r.Override && strings.TrimSpace(r.Reason) == "" {
		return 0, &SelectionError{Problems: []string{"an override needs a reason"}}
	}
	return s.reviewIDs(ctx, ids, func(d Draft) string {
		if p := stale(d, r); p != "" {
			return p
		}
		switch d.Status {
		case DraftPending, DraftApproved:
			return ""
		case DraftFlagged:
			if r.Override {
				return ""
			}
			return fmt.Sprintf("draft %d is flagged (%s): approve it only with --override-flag and --reason", d.ID, d.Reason)
		case DraftPushing:
			return beingPushed(d)
		}
		return fmt.Sprintf("draft %d is %s and cannot be approved", d.ID, d.Status)
	}, func(tx *sqlx.Tx, d Draft) error {
		override := r.Override && d.Status == DraftFlagged
		reason := ""
		if override {
			reason = r.Reason
		}
		_, err := tx.ExecContext(ctx, `UPDATE drafts SET status = ?, reviewer = ?, override = ?, review_reason = ?, updated_at = ? WHERE id = ?`,
			DraftApproved, r.Reviewer, override, reason, s.stamp(), d.ID)
		if err != nil {
			return err
		}
		action := AuditApprove
		if override {
			action = AuditApproveOverride
		}
		return s.auditDraft(ctx, tx, d, action, r.Reviewer, reason, d.Value)
	})
}

// RejectIDs rejects the drafts named by id, with the reviewer and reason.
func (s *Store) RejectIDs(ctx context.Context, ids []int64, r Review) (int64, error) {
	return s.reviewIDs(ctx, ids, func(d Draft) string {
		if p := stale(d, r); p != "" {
			return p
		}
		switch d.Status {
		case DraftPending, DraftApproved, DraftFlagged, DraftRejected:
			return ""
		case DraftPushing:
			return beingPushed(d)
		}
		return fmt.Sprintf("draft %d is %s and cannot be rejected", d.ID, d.Status)
	}, func(tx *sqlx.Tx, d Draft) error {
		_, err := tx.ExecContext(ctx, `UPDATE drafts SET status = ?, reviewer = ?, override = 0, review_reason = ?, updated_at = ? WHERE id = ?`,
			DraftRejected, r.Reviewer, r.Reason, s.stamp(), d.ID)
		if err != nil {
			return err
		}
		return s.auditDraft(ctx, tx, d, AuditReject, r.Reviewer, r.Reason, "")
	})
}

// beingPushed is the refusal to review a draft a push run has claimed.
func beingPushed(d Draft) string {
	return fmt.Sprintf("draft %d is being pushed by run %d: review it when that push has ended (steward runs shows it)", d.ID, d.PushRun)
}

// RejectSelection rejects the open drafts (pending, approved, flagged) a
// filter without ids selects. Drafts of the selection a push is writing
// (status "pushing") are not rejected: it returns how many it rejected and how
// many it left to the push.
func (s *Store) RejectSelection(ctx context.Context, f DraftFilter, r Review) (rejected, beingPushed int64, err error) {
	return s.rejectSelection(ctx, f, "", r)
}

func (s *Store) rejectSelection(ctx context.Context, f DraftFilter, digest string, r Review) (rejected, beingPushed int64, err error) {
	f.Status, f.Limit = "", 0
	where, args := f.where()
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("reject drafts: %w", err)
	}
	defer tx.Rollback()
	ids, err := selectionIDs(ctx, tx, f, rejectableInBulk)
	if err != nil {
		return 0, 0, fmt.Errorf("reject drafts: %w", err)
	}
	if err := checkDigest(ids, digest); err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, releaseStaleSQL, s.stamp()); err != nil {
		return 0, 0, fmt.Errorf("reject drafts: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE drafts SET status = ?, reviewer = ?, override = 0, review_reason = ?, updated_at = ? WHERE `+where+` AND status IN (?, ?, ?)`,
		append(append([]any{DraftRejected, r.Reviewer, r.Reason, s.stamp()}, args...), DraftPending, DraftApproved, DraftFlagged)...)
	if err != nil {
		return 0, 0, fmt.Errorf("reject drafts: %w", err)
	}
	if rejected, err = res.RowsAffected(); err != nil {
		return 0, 0, err
	}
	if err := tx.GetContext(ctx, &beingPushed, `SELECT count(*) FROM drafts WHERE `+where+` AND status = ?`, append(args, DraftPushing)...); err != nil {
		return 0, 0, fmt.Errorf("reject drafts: %w", err)
	}
	after := fmt.Sprintf(`{"rejected":%d,"being_pushed":%d,"ids":%s}`, rejected, beingPushed, idList(ids))
	if err := s.audit(ctx, tx, DecisionRecord{Reviewer: r.Reviewer, Action: AuditRejectSelection, SubjectKind: SubjectSelection,
		SubjectID: f.describe(), Reason: r.Reason, After: after}); err != nil {
		return 0, 0, err
	}
	return rejected, beingPushed, tx.Commit()
}

// reviewIDs checks every named draft with check (a non-empty answer is a
// problem) and, when none has a problem, applies set to each in one
// transaction.
func (s *Store) reviewIDs(ctx context.Context, ids []int64, check func(Draft) string, set func(*sqlx.Tx, Draft) error) (int64, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("review drafts: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, releaseStaleSQL, s.stamp()); err != nil {
		return 0, fmt.Errorf("review drafts: %w", err)
	}
	in, args, err := sqlx.In(`SELECT * FROM drafts WHERE id IN (?) ORDER BY id`, ids)
	if err != nil {
		return 0, fmt.Errorf("review drafts: %w", err)
	}
	var found []Draft
	if err := tx.SelectContext(ctx, &found, in, args...); err != nil {
		return 0, fmt.Errorf("review drafts: %w", err)
	}
	byID := map[int64]Draft{}
	for _, d := range found {
		byID[d.ID] = d
	}
	var problems []string
	for _, id := range ids {
		d, ok := byID[id]
		if !ok {
			problems = append(problems, fmt.Sprintf("there is no draft %d", id))
		} else if p := check(d); p != "" {
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		return 0, &SelectionError{Problems: problems}
	}
	for _, d := range byID {
		if err := set(tx, d); err != nil {
			return 0, fmt.Errorf("review draft %d: %w", d.ID, err)
		}
	}
	return int64(len(byID)), tx.Commit()
}

// FlagDraft flags an approved (or claimed) draft that failed its re-check
// before a push, with the reason; the approval (and any override) is withdrawn.
func (s *Store) FlagDraft(ctx context.Context, id int64, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE drafts SET status = ?, reason = ?, override = 0, push_run = 0, updated_at = ? WHERE id = ? AND status IN (?, ?)`,
		DraftFlagged, reason, s.stamp(), id, DraftApproved, DraftPushing)
	if err != nil {
		return fmt.Errorf("flag draft %d: %w", id, err)
	}
	return nil
}

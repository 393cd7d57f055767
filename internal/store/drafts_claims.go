package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// A push claims the approved drafts it is about to write (status "pushing",
// push_run = its run) in one transaction, so a reject or approval racing the
// push either lands before the claim (and the draft is not sent) or is
// refused. The push settles every claim it holds: pushed, flagged at the
// re-check, or released back to approved (rejected by the target, or not
// written). A killed push leaves its claims; the next push (or review)
// releases claims of runs that are no longer running.

const releaseStaleSQL = `UPDATE drafts SET status = 'approved', push_run = 0, updated_at = ?
	WHERE status = 'pushing' AND push_run NOT IN (SELECT id FROM runs WHERE status = 'running')`

// ReleaseStaleClaims gives the drafts claimed by push runs that are no longer
// running (finished, or killed and marked failed by a later run of the job)
// back to approved. It returns how many.
func (s *Store) ReleaseStaleClaims(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, releaseStaleSQL, s.stamp())
	if err != nil {
		return 0, fmt.Errorf("release stale draft claims: %w", err)
	}
	return res.RowsAffected()
}

// ClaimDrafts claims those of ids that are approved for the push run runID and
// returns them as claimed; a draft rejected, flagged or claimed by another
// run meanwhile is not claimed and not returned.
func (s *Store) ClaimDrafts(ctx context.Context, ids []int64, runID int64) ([]Draft, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim drafts: %w", err)
	}
	defer tx.Rollback()
	q, args, err := sqlx.In(`UPDATE drafts SET status = ?, push_run = ?, updated_at = ? WHERE status = ? AND id IN (?)`,
		DraftPushing, runID, s.stamp(), DraftApproved, ids)
	if err == nil {
		_, err = tx.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("claim drafts: %w", err)
	}
	var out []Draft
	q, args, err = sqlx.In(`SELECT * FROM drafts WHERE status = ? AND push_run = ? AND id IN (?) ORDER BY id`, DraftPushing, runID, ids)
	if err == nil {
		err = tx.SelectContext(ctx, &out, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("claim drafts: %w", err)
	}
	return out, tx.Commit()
}

// ReleaseClaims gives the drafts runID still claims back to approved: the
// target rejected their write, or it was never made. Safe to call twice.
func (s *Store) ReleaseClaims(ctx context.Context, runID int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE drafts SET status = ?, push_run = 0, updated_at = ? WHERE status = ? AND push_run = ?`,
		DraftApproved, s.stamp(), DraftPushing, runID)
	if err != nil {
		return fmt.Errorf("release draft claims of run %d: %w", runID, err)
	}
	return nil
}

// MarkPushed moves the drafts runID claimed to pushed, and closes the dead
// letters of their earlier, rejected pushes (replayed: the draft is in the
// target now). It returns how many drafts it moved: only those are pushed.
func (s *Store) MarkPushed(ctx context.Context, runID int64, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("mark drafts pushed: %w", err)
	}
	defer tx.Rollback()
	now := s.stamp()
	var n int64
	q, args, err := sqlx.In(`UPDATE drafts SET status = ?, push_run = 0, updated_at = ? WHERE status = ? AND push_run = ? AND id IN (?)`,
		DraftPushed, now, DraftPushing, runID, ids)
	if err == nil {
		var res sql.Result
		if res, err = tx.ExecContext(ctx, q, args...); err == nil {
			n, err = res.RowsAffected()
		}
	}
	if err != nil {
		return 0, fmt.Errorf("mark drafts pushed: %w", err)
	}
	q, args, err = sqlx.In(`UPDATE dead_letters SET replayed_at = ?
		WHERE replayed_at IS NULL AND discarded_at IS NULL AND outbox_id IN (SELECT id FROM outbox WHERE draft_id IN (?))`, now, ids)
	if err == nil {
		_, err = tx.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, fmt.Errorf("close dead letters of pushed drafts: %w", err)
	}
	return n, tx.Commit()
}

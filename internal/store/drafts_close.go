package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// DraftSlotKey names the slot of one kind of draft: a description for a
// missing value, or a correction of a present one.
type DraftSlotKey struct {
	Kind, ProductKey, Attribute, Locale, Channel string
}

// CloseObsoleteDrafts closes (status "obsolete", with a reason naming runID)
// the open (pending, approved or flagged) drafts of the products staged as
// dataType from source whose slot is not in live: a products run checked
// every staged product, and live holds the slots that still have the problem
// a draft answers. A draft of a product that is not staged is left alone. It
// returns how many it closed. Claims of push runs that are no longer running
// are released first, so a killed push's drafts are closed too.
func (s *Store) CloseObsoleteDrafts(ctx context.Context, dataType, source string, live map[DraftSlotKey]bool, runID int64) (int64, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("close obsolete drafts: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, releaseStaleSQL, s.stamp()); err != nil {
		return 0, fmt.Errorf("close obsolete drafts: %w", err)
	}
	var open []Draft
	err = tx.SelectContext(ctx, &open, `SELECT id, kind, product_key, attribute, locale, channel FROM drafts WHERE status IN (?, ?, ?)
		AND product_key IN (SELECT key FROM staged WHERE data_type = ? AND source = ?) ORDER BY id`,
		DraftPending, DraftApproved, DraftFlagged, dataType, source)
	if err != nil {
		return 0, fmt.Errorf("close obsolete drafts: %w", err)
	}
	var ids []int64
	for _, d := range open {
		if !live[DraftSlotKey{Kind: d.Kind, ProductKey: d.ProductKey, Attribute: d.Attribute, Locale: d.Locale, Channel: d.Channel}] {
			ids = append(ids, d.ID)
		}
	}
	reason := fmt.Sprintf("closed by run %d: the product no longer has this problem (the value was filled or fixed since)", runID)
	now, closed := s.stamp(), int64(len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		q, args, err := sqlx.In(`UPDATE drafts SET status = ?, reason = ?, override = 0, updated_at = ? WHERE status IN (?) AND id IN (?)`,
			DraftObsolete, reason, now, []string{DraftPending, DraftApproved, DraftFlagged}, ids[:n])
		if err == nil {
			_, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return 0, fmt.Errorf("close obsolete drafts: %w", err)
		}
		ids = ids[n:]
	}
	return closed, tx.Commit()
}

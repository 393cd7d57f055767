package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// settleOne records one outcome, with the target's current values of a
// conflict.
func settleOne(ctx context.Context, tx *sqlx.Tx, o Settle, now string) error {
	current := ""
	if o.Status == OutboxConflict {
		b, err := json.Marshal(o.Current)
		if err != nil {
			return fmt.Errorf("settle outbox item %d: %w", o.ID, err)
		}
		current = string(b)
	}
	// An overwrite made (or found unneeded) is spent: the same write queued
	// again later (a reconcile) carries its precondition again.
	spent := o.Status == OutboxWritten || o.Status == OutboxUnchanged
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, attempts = attempts + 1, updated_at = ?, current = ?,
		overwrite = overwrite AND NOT ? WHERE id = ?`, o.Status, now, current, spent, o.ID); err != nil {
		return fmt.Errorf("settle outbox item %d: %w", o.ID, err)
	}
	if !spent {
		return nil
	}
	return landSynced(ctx, tx, o.ID, now)
}

// letter binds a dead letter's own payload, NULL (the write's) when unset.
func letter(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

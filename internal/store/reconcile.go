package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
)

// A reconcile queues a write of every staged record of a job, so the loader's
// read-before-write compares each with the target and sends the differences.
// The reconciles table remembers that one is due (a full pass began; kept until
// the queue is filled, so a killed run does not lose it) and when the last one
// was queued (for reconcile_every).

// MarkReconcileDue records that the job's next completed pass reconciles.
func (s *Store) MarkReconcileDue(ctx context.Context, job string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO reconciles (job, due) VALUES (?, 1)
		ON CONFLICT (job) DO UPDATE SET due = 1`, job)
	if err != nil {
		return fmt.Errorf("mark reconcile of %s due: %w", job, err)
	}
	return nil
}

// ReconcileState returns whether a reconcile of job is due and when the last
// one was queued (zero if never).
func (s *Store) ReconcileState(ctx context.Context, job string) (due bool, last time.Time, err error) {
	var row struct {
		Due  bool   `db:"due"`
		Last string `db:"last_at"`
	}
	err = s.db.GetContext(ctx, &row, `SELECT due, last_at FROM reconciles WHERE job = ?`, job)
	if errors.Is(err, sql.ErrNoRows) {
		return false, time.Time{}, nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("read reconcile state of %s: %w", job, err)
	}
	if row.Last != "" {
		if last, err = time.Parse(time.RFC3339Nano, row.Last); err != nil {
			return false, time.Time{}, fmt.Errorf("read reconcile state of %s: %w", job, err)
		}
	}
	return row.Due, last, nil
}

// FinishReconcile records that job's reconcile is queued, at now.
func (s *Store) FinishReconcile(ctx context.Context, job string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO reconciles (job, due, last_at) VALUES (?, 0, ?)
		ON CONFLICT (job) DO UPDATE SET due = 0, last_at = excluded.last_at`, job, formatTime(now))
	if err != nil {
		return fmt.Errorf("finish reconcile of %s: %w", job, err)
	}
	return nil
}

// EnqueueReconcile queues writes for a reconcile in one transaction: new ones
// as pending, and ones already settled as written or unchanged pending again,
// so the target is compared once more. Dead writes stay dead (their letters
// are replayed by hand); pending ones stay as they are. It returns how many
// writes it queued.
func (s *Store) EnqueueReconcile(ctx context.Context, items []OutboxItem) (int, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("queue reconcile: %w", err)
	}
	defer tx.Rollback()
	now, n := s.stamp(), 0
	for _, it := range items {
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (job, target, external_id, hash, payload, run_id, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
			ON CONFLICT (target, external_id, hash) DO UPDATE SET status = 'pending', run_id = excluded.run_id, updated_at = excluded.updated_at
			WHERE outbox.status IN ('written', 'unchanged')`,
			it.Job, it.Target, it.ExternalID, it.Hash, it.Payload, it.RunID, now, now)
		if err != nil {
			return 0, fmt.Errorf("queue reconcile of %s in %s: %w", it.ExternalID, it.Target, err)
		}
		if k, err := res.RowsAffected(); err == nil {
			n += int(k)
		}
	}
	return n, tx.Commit()
}

// EachStagedOf is EachStaged for one source of a data type.
func (s *Store) EachStagedOf(ctx context.Context, dataType, source string, fn func(StagedRow) error) error {
	rows, err := s.db.QueryxContext(ctx, `SELECT key, source, hash, payload, updated_at, first_run, last_run FROM staged
		WHERE data_type = ? AND source = ? ORDER BY key`, dataType, source)
	if err != nil {
		return fmt.Errorf("read staged %s of %s: %w", dataType, source, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r StagedRow
		if err := rows.StructScan(&r); err != nil {
			return fmt.Errorf("read staged %s of %s: %w", dataType, source, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// StagedPayloads calls fn with the key and payload of every staged record of
// one source of a data type, in key order.
func (s *Store) StagedPayloads(ctx context.Context, dataType, source string, fn func(key string, payload []byte) error) error {
	return s.EachStagedOf(ctx, dataType, source, func(r StagedRow) error { return fn(r.Key, r.Payload) })
}

// EscalatedKeys returns which of keys (native ids of one system and data
// type) have an escalation of any kind or status as their source: a record
// escalated as an ambiguous match, or one a person's decision concerns. A
// reconcile leaves such a record alone while the crosswalk does not link it;
// a record without a link and without an escalation was staged before the
// crosswalk existed (migration 0008).
func (s *Store) EscalatedKeys(ctx context.Context, system, dataType string, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	for ids := range slices.Chunk(keys, 500) {
		q, args, err := sqlx.In(`SELECT DISTINCT source_key FROM escalations
			WHERE source_system = ? AND data_type = ? AND source_key IN (?)`, system, dataType, ids)
		if err != nil {
			return nil, err
		}
		var rows []string
		if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
			return nil, fmt.Errorf("read escalations of %s %s: %w", system, dataType, err)
		}
		for _, k := range rows {
			out[k] = true
		}
	}
	return out, nil
}

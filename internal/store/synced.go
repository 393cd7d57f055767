package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// SyncedVersion is the last version of an entity that a job and one of its
// targets agreed on: the base of the next three-way merge. Version is a
// canonical JSON object by field name.
type SyncedVersion struct {
	Job         string `db:"job"`
	Target      string `db:"target"`
	CanonicalID string `db:"canonical_id"`
	Version     []byte `db:"version"`
}

// Synced returns the last synced version of an entity for a job's target;
// ok is false before the first sync.
func (s *Store) Synced(ctx context.Context, job, target, canonicalID string) (version []byte, ok bool, err error) {
	var v string
	err = s.db.GetContext(ctx, &v, `SELECT version FROM synced_versions WHERE job = ? AND target = ? AND canonical_id = ?`, job, target, canonicalID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read synced version of %s in %s: %w", canonicalID, target, err)
	}
	return []byte(v), true, nil
}

func (s *Store) putSynced(ctx context.Context, tx *sqlx.Tx, vs []SyncedVersion) error {
	now := s.stamp()
	for _, v := range vs {
		_, err := tx.ExecContext(ctx, `INSERT INTO synced_versions (job, target, canonical_id, version, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (job, target, canonical_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`,
			v.Job, v.Target, v.CanonicalID, string(v.Version), now)
		if err != nil {
			return fmt.Errorf("store synced version of %s in %s: %w", v.CanonicalID, v.Target, err)
		}
	}
	return nil
}

// landSynced records the synced version outbox item id carries, now that
// its target holds the write (written, unchanged, or found holding its
// values): the version both sides agree on from here. An item without one
// changes nothing.
func landSynced(ctx context.Context, tx *sqlx.Tx, id int64, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO synced_versions (job, target, canonical_id, version, updated_at)
		SELECT job, target, canonical_id, synced, ? FROM outbox WHERE id = ? AND synced != '' AND canonical_id != ''
		ON CONFLICT (job, target, canonical_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`, now, id)
	if err != nil {
		return fmt.Errorf("store synced version of outbox item %d: %w", id, err)
	}
	return nil
}

// commitDecisions stores a page's crosswalk rows, escalations (closing those
// its records no longer need) and synced versions inside the page's
// transaction (those that need no write: the synced version a write leads
// to rides on its outbox item, landSynced).
func (s *Store) commitDecisions(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	if err := s.putLinks(ctx, tx, p.Links); err != nil {
		return err
	}
	for i := range p.Escalations {
		if p.Escalations[i].RunID == 0 {
			p.Escalations[i].RunID = p.RunID
		}
	}
	if err := s.supersede(ctx, tx, p.RunID, p.Superseded); err != nil {
		return err
	}
	if err := s.escalate(ctx, tx, p.Escalations); err != nil {
		return err
	}
	return s.putSynced(ctx, tx, p.Synced)
}

package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jmoiron/sqlx"
)

// Link ties one native record of a system to a canonical entity of a data
// type, with the match key and value that tied it ("" when the entity was
// new) and every match key value the record carries.
type Link struct {
	System      string `db:"system"`
	DataType    string `db:"data_type"`
	NativeID    string `db:"native_id"`
	CanonicalID string `db:"canonical_id"`
	MatchKey    string `db:"match_key"`
	MatchValue  string `db:"match_value"`
	CreatedAt   string `db:"created_at"`
	UpdatedAt   string `db:"updated_at"`
	// Keys are the record's match key values by key name; stored in
	// crosswalk_keys, not read back by Links.
	Keys map[string]string `db:"-"`
}

// Links returns the crosswalk rows of nativeIDs of one system and data type,
// by native id. Ids without a row are left out.
func (s *Store) Links(ctx context.Context, system, dataType string, nativeIDs []string) (map[string]Link, error) {
	out := make(map[string]Link, len(nativeIDs))
	for ids := range slices.Chunk(nativeIDs, 500) {
		q, args, err := sqlx.In(`SELECT system, data_type, native_id, canonical_id, match_key, match_value, created_at, updated_at
			FROM crosswalk WHERE system = ? AND data_type = ? AND native_id IN (?)`, system, dataType, ids)
		if err != nil {
			return nil, err
		}
		var rows []Link
		if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
			return nil, fmt.Errorf("read crosswalk of %s %s: %w", system, dataType, err)
		}
		for _, l := range rows {
			out[l.NativeID] = l
		}
	}
	return out, nil
}

// LinksOf returns the native records of a canonical entity, one per system.
func (s *Store) LinksOf(ctx context.Context, dataType, canonicalID string) ([]Link, error) {
	var out []Link
	err := s.db.SelectContext(ctx, &out, `SELECT system, data_type, native_id, canonical_id, match_key, match_value, created_at, updated_at
		FROM crosswalk WHERE data_type = ? AND canonical_id = ? ORDER BY system`, dataType, canonicalID)
	if err != nil {
		return nil, fmt.Errorf("read crosswalk of %s %s: %w", dataType, canonicalID, err)
	}
	return out, nil
}

// MatchCandidates returns the crosswalked records of a data type that carry
// value under match key, in system and native id order.
func (s *Store) MatchCandidates(ctx context.Context, dataType, key, value string) ([]Link, error) {
	var out []Link
	err := s.db.SelectContext(ctx, &out, `SELECT c.system, c.data_type, c.native_id, c.canonical_id, c.match_key, c.match_value, c.created_at, c.updated_at
		FROM crosswalk_keys k JOIN crosswalk c ON c.system = k.system AND c.data_type = k.data_type AND c.native_id = k.native_id
		WHERE k.data_type = ? AND k.match_key = ? AND k.match_value = ? ORDER BY c.system, c.native_id`, dataType, key, value)
	if err != nil {
		return nil, fmt.Errorf("match %s by %s: %w", dataType, key, err)
	}
	return out, nil
}

// PutLinks stores crosswalk rows and their match keys in one transaction.
func (s *Store) PutLinks(ctx context.Context, links []Link) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store crosswalk: %w", err)
	}
	defer tx.Rollback()
	if err := s.putLinks(ctx, tx, links); err != nil {
		return err
	}
	return tx.Commit()
}

// putLinks upserts links inside tx. A native record keeps its canonical id
// once linked unless the link says otherwise (a person's decision); its match
// keys are replaced by the ones it carries now.
func (s *Store) putLinks(ctx context.Context, tx *sqlx.Tx, links []Link) error {
	now := s.stamp()
	for _, l := range links {
		_, err := tx.ExecContext(ctx, `INSERT INTO crosswalk (system, data_type, native_id, canonical_id, match_key, match_value, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system, data_type, native_id) DO UPDATE SET canonical_id = excluded.canonical_id,
				match_key = excluded.match_key, match_value = excluded.match_value, updated_at = excluded.updated_at`,
			l.System, l.DataType, l.NativeID, l.CanonicalID, l.MatchKey, l.MatchValue, now, now)
		if err != nil {
			return fmt.Errorf("link %s %s %s to %s: %w", l.System, l.DataType, l.NativeID, l.CanonicalID, err)
		}
		if err := putKeys(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}

func putKeys(ctx context.Context, tx *sqlx.Tx, l Link) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM crosswalk_keys WHERE system = ? AND data_type = ? AND native_id = ?`,
		l.System, l.DataType, l.NativeID); err != nil {
		return fmt.Errorf("replace match keys of %s %s: %w", l.System, l.NativeID, err)
	}
	for _, k := range slices.Sorted(maps.Keys(l.Keys)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO crosswalk_keys (system, data_type, native_id, match_key, match_value) VALUES (?, ?, ?, ?, ?)`,
			l.System, l.DataType, l.NativeID, k, l.Keys[k]); err != nil {
			return fmt.Errorf("store match key %s of %s %s: %w", k, l.System, l.NativeID, err)
		}
	}
	return nil
}

// moveLinks makes each of links the only record of its system on its entity
// inside tx: a person decided the record is that entity, so another record of
// the same system holding it (linked earlier, by page order) loses its row and
// match keys, and is returned to be decided again.
func moveLinks(ctx context.Context, tx *sqlx.Tx, links []Link) ([]Link, error) {
	var moved []Link
	for _, l := range links {
		var holders []Link
		err := tx.SelectContext(ctx, &holders, `SELECT system, data_type, native_id, canonical_id, match_key, match_value, created_at, updated_at
			FROM crosswalk WHERE system = ? AND data_type = ? AND canonical_id = ? AND native_id <> ?`, l.System, l.DataType, l.CanonicalID, l.NativeID)
		if err != nil {
			return nil, fmt.Errorf("read the %s record holding %s: %w", l.System, l.CanonicalID, err)
		}
		for _, h := range holders {
			if err := unlink(ctx, tx, h); err != nil {
				return nil, err
			}
		}
		moved = append(moved, holders...)
	}
	return moved, nil
}

// unlink deletes the crosswalk row and match keys of one record inside tx.
func unlink(ctx context.Context, tx *sqlx.Tx, l Link) error {
	for _, q := range []string{`DELETE FROM crosswalk_keys WHERE system = ? AND data_type = ? AND native_id = ?`,
		`DELETE FROM crosswalk WHERE system = ? AND data_type = ? AND native_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, l.System, l.DataType, l.NativeID); err != nil {
			return fmt.Errorf("unlink %s %s %s from %s: %w", l.System, l.DataType, l.NativeID, l.CanonicalID, err)
		}
	}
	return nil
}

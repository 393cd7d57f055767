package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SystemState returns the value a system's connector kept under key ("" when
// none).
func (s *Store) SystemState(ctx context.Context, system, key string) (string, error) {
	var v string
	err := s.db.GetContext(ctx, &v, `SELECT value FROM system_state WHERE system = ? AND key = ?`, system, key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read state %s of system %s: %w", key, system, err)
	}
	return v, nil
}

// SetSystemState keeps value under key for a system's connector.
func (s *Store) SetSystemState(ctx context.Context, system, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO system_state (system, key, value, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (system, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, system, key, value, s.stamp())
	if err != nil {
		return fmt.Errorf("keep state %s of system %s: %w", key, system, err)
	}
	return nil
}

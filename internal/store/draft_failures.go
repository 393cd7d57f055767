package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DraftSlot names what a draft is for: a product's attribute in a locale and
// channel.
type DraftSlot struct {
	ProductKey, Attribute, Locale, Channel string
}

// DraftFailure is a generation that failed for a passing reason; the slot is
// drafted again once NextAttempt has come.
type DraftFailure struct {
	Failures    int       `db:"failures"`
	NextAttempt time.Time `db:"-"`
	LastError   string    `db:"last_error"`
}

// DraftRetryAt returns when a slot whose generation failed may be drafted
// again; ok is false when no failure is recorded.
func (s *Store) DraftRetryAt(ctx context.Context, slot DraftSlot) (f DraftFailure, ok bool, err error) {
	var row struct {
		Failures    int    `db:"failures"`
		NextAttempt string `db:"next_attempt"`
		LastError   string `db:"last_error"`
	}
	err = s.db.GetContext(ctx, &row, `SELECT failures, next_attempt, last_error FROM draft_failures
		WHERE product_key = ? AND attribute = ? AND locale = ? AND channel = ?`, slot.ProductKey, slot.Attribute, slot.Locale, slot.Channel)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("read draft failures of %s: %w", slot.ProductKey, err)
	}
	next, err := time.Parse(time.RFC3339Nano, row.NextAttempt)
	if err != nil {
		return f, false, fmt.Errorf("draft failures of %s: next attempt %q: %w", slot.ProductKey, row.NextAttempt, err)
	}
	return DraftFailure{Failures: row.Failures, NextAttempt: next, LastError: row.LastError}, true, nil
}

// RecordDraftFailure counts one more failed generation for a slot and stores
// when it may be tried again (backoff gives the wait after n failures). It
// returns the new count.
func (s *Store) RecordDraftFailure(ctx context.Context, slot DraftSlot, cause string, now time.Time, backoff func(n int) time.Duration) (int, error) {
	prev, _, err := s.DraftRetryAt(ctx, slot)
	if err != nil {
		return 0, err
	}
	n := prev.Failures + 1
	next := now.Add(backoff(n)).UTC().Format(time.RFC3339Nano)
	_, err = s.db.ExecContext(ctx, `INSERT INTO draft_failures (product_key, attribute, locale, channel, failures, next_attempt, last_error, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (product_key, attribute, locale, channel) DO UPDATE SET failures = excluded.failures,
			next_attempt = excluded.next_attempt, last_error = excluded.last_error, updated_at = excluded.updated_at`,
		slot.ProductKey, slot.Attribute, slot.Locale, slot.Channel, n, next, s.clean(cause), s.stamp())
	if err != nil {
		return 0, fmt.Errorf("record draft failure of %s: %w", slot.ProductKey, err)
	}
	return n, nil
}

// ClearDraftFailure forgets the failures of a slot once a draft was stored.
func (s *Store) ClearDraftFailure(ctx context.Context, slot DraftSlot) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM draft_failures WHERE product_key = ? AND attribute = ? AND locale = ? AND channel = ?`,
		slot.ProductKey, slot.Attribute, slot.Locale, slot.Channel)
	if err != nil {
		return fmt.Errorf("clear draft failures of %s: %w", slot.ProductKey, err)
	}
	return nil
}

// CountDraftFailures returns how many slots wait for another generation.
func (s *Store) CountDraftFailures(ctx context.Context) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM draft_failures`)
	return n, err
}

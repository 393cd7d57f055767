package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Alert statuses.
const (
	AlertPending = "pending"
	AlertSending = "sending"
	AlertSent    = "sent"
	AlertFailed  = "failed"
	// AlertHeld waits for its channel's digest: the channel had had its
	// messages for the window.
	AlertHeld = "held"
	// AlertDigested went out in the digest DigestID.
	AlertDigested = "digested"
)

// Alert is one notification of one event to one channel.
type Alert struct {
	ID       int64          `db:"id"`
	EventKey string         `db:"event_key"`
	Channel  string         `db:"channel"`
	Job      string         `db:"job"`
	Subject  string         `db:"subject"`
	Body     string         `db:"body"`
	Link     string         `db:"link"`
	Status   string         `db:"status"`
	Attempts int            `db:"attempts"`
	NextAt   int64          `db:"next_at"`
	Owner    string         `db:"claimed_by"`
	Lease    int64          `db:"lease_until"`
	Created  string         `db:"created_at"`
	SentAt   sql.NullString `db:"sent_at"`
	Error    string         `db:"error"`
	// DigestID is the digest that carried a digested notification.
	DigestID sql.NullInt64 `db:"digest_id"`
	// DigestOf is, for a digest, how many notifications it carries (0: a
	// notification of one event).
	DigestOf int `db:"digest_of"`
}

// AddAlert records a pending notification of an event to a channel, due at
// now. It reports false, writing nothing, when that event and channel are
// recorded already (by this process or another): safe to call on every pass.
func (s *Store) AddAlert(ctx context.Context, a Alert, now time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO alerts (event_key, channel, job, subject, body, link, status, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (event_key, channel) DO NOTHING`,
		a.EventKey, a.Channel, a.Job, s.clean(a.Subject), s.clean(a.Body), a.Link, now.UnixMilli(), utc(now))
	if err != nil {
		return false, fmt.Errorf("record alert %s for %s: %w", a.EventKey, a.Channel, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AlertMaxWait is the longest a pending notification waits for its next
// attempt. One planned further ahead than that was planned by a clock that
// has since been set back: it is due at once, not when the clock has
// caught up.
const AlertMaxWait = 30 * time.Minute

// dueAt is the condition of a pending notification due at now (Unix ms):
// its two arguments are now and now plus AlertMaxWait.
const dueAt = `status = 'pending' AND (next_at <= ? OR next_at > ?)`

// DueAlerts returns the notifications a sender may claim at now: pending and
// due, or claimed by a sender whose lease ran out; digests first (they carry
// the older events), then oldest first.
func (s *Store) DueAlerts(ctx context.Context, now time.Time) ([]Alert, error) {
	var out []Alert
	ms := now.UnixMilli()
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM alerts WHERE (`+dueAt+`)
		OR (status = 'sending' AND lease_until < ?) ORDER BY digest_of = 0, id`, ms, ms+AlertMaxWait.Milliseconds(), ms)
	if err != nil {
		return nil, fmt.Errorf("read due alerts: %w", err)
	}
	return out, nil
}

// ClaimAlert makes owner the one sender of notification id until now+lease,
// counting an attempt. It reports false when the notification is no longer
// due (another sender claimed or settled it): the caller must not send.
func (s *Store) ClaimAlert(ctx context.Context, id int64, owner string, now time.Time, lease time.Duration) (Alert, bool, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return Alert{}, false, fmt.Errorf("claim alert %d: %w", id, err)
	}
	defer tx.Rollback()
	a, ok, err := claimAlert(ctx, tx, id, owner, now, lease)
	if err != nil || !ok {
		return a, false, err
	}
	if err := tx.Commit(); err != nil {
		return a, false, fmt.Errorf("claim alert %d: %w", id, err)
	}
	return a, true, nil
}

// claimAlert is ClaimAlert's step inside tx: false when the notification
// is no longer due.
func claimAlert(ctx context.Context, tx *sqlx.Tx, id int64, owner string, now time.Time, lease time.Duration) (Alert, bool, error) {
	var a Alert
	ms := now.UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE alerts SET status = 'sending', claimed_by = ?, lease_until = ?, attempts = attempts + 1
		WHERE id = ? AND ((`+dueAt+`) OR (status = 'sending' AND lease_until < ?))`,
		owner, now.Add(lease).UnixMilli(), id, ms, ms+AlertMaxWait.Milliseconds(), ms)
	if err != nil {
		return a, false, fmt.Errorf("claim alert %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return a, false, err
	}
	if err := tx.GetContext(ctx, &a, `SELECT * FROM alerts WHERE id = ?`, id); err != nil {
		return a, false, fmt.Errorf("claim alert %d: %w", id, err)
	}
	return a, true, nil
}

// ErrAlertNotClaimed reports a settle by a sender that no longer holds the
// claim (its lease ran out and another sender took the notification).
var ErrAlertNotClaimed = errors.New("alert is not claimed by this sender")

// SettleAlert ends owner's claim of notification id: sent, failed for good,
// or (status pending) due again at next. errText is the send's error.
func (s *Store) SettleAlert(ctx context.Context, id int64, owner, status, errText string, now, next time.Time) error {
	var sentAt any
	if status == AlertSent {
		sentAt = utc(now)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE alerts SET status = ?, error = ?, sent_at = ?, next_at = ?, lease_until = 0
		WHERE id = ? AND claimed_by = ? AND status = 'sending'`, status, s.clean(errText), sentAt, next.UnixMilli(), id, owner)
	if err != nil {
		return fmt.Errorf("settle alert %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("settle alert %d: %w", id, errors.Join(err, ErrAlertNotClaimed))
	}
	return nil
}

// ListAlerts returns the newest notifications, newest first.
func (s *Store) ListAlerts(ctx context.Context, limit int) ([]Alert, error) {
	var out []Alert
	if err := s.db.SelectContext(ctx, &out, `SELECT * FROM alerts ORDER BY id DESC LIMIT ?`, limit); err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

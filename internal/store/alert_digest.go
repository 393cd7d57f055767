package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AlertWindow bounds what one channel is sent: at most Max messages per
// window of Length, a window opening with the first message after the
// previous one ended.
type AlertWindow struct {
	Max    int
	Length time.Duration
}

// Ended reports whether a window opened at opened has ended at now. A
// window that opens after now (the clock was set back) has ended too: it
// cannot be told how long it has really been open, and trusting it would
// hold a channel's notifications until the clock caught up with it.
func (w AlertWindow) Ended(opened, now time.Time) bool {
	return now.Before(opened) || !now.Before(opened.Add(w.Length))
}

// AlertClaim is the outcome of ClaimAlertWithin.
type AlertClaim int

// Outcomes of ClaimAlertWithin.
const (
	// ClaimGone: another sender claimed or settled the notification.
	ClaimGone AlertClaim = iota
	// ClaimSend: the caller holds the claim and sends.
	ClaimSend
	// ClaimHeld: the channel had had its messages for the window; the
	// notification now waits (held) for the window's digest.
	ClaimHeld
)

// ClaimAlertWithin is ClaimAlert within the channel's window w: it also
// takes one of the window's messages, in the same transaction, so senders
// in several processes share one count. When the window has none left the
// notification is held for the digest instead, its attempt not counted,
// and the caller must not send it. A digest is never held: it takes a
// message even from a full window.
func (s *Store) ClaimAlertWithin(ctx context.Context, id int64, owner string, now time.Time, lease time.Duration, w AlertWindow) (Alert, AlertClaim, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return Alert{}, ClaimGone, fmt.Errorf("claim alert %d: %w", id, err)
	}
	defer tx.Rollback()
	a, ok, err := claimAlert(ctx, tx, id, owner, now, lease)
	if err != nil || !ok {
		return a, ClaimGone, err
	}
	outcome, err := takeMessage(ctx, tx, a, now, w)
	if err != nil {
		return a, ClaimGone, fmt.Errorf("claim alert %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return a, ClaimGone, fmt.Errorf("claim alert %d: %w", id, err)
	}
	return a, outcome, nil
}

// takeMessage counts a's message in its channel's window, opening a new
// window when the last one ended, or holds a when the window is full. It
// also holds a when the last window ended with notifications still held
// for its digest (the window ended during a pass, after the pass looked
// for digests due): a new window opened now would keep them waiting a
// whole window more, while the ended one's digest, due at once, carries a
// with them.
func takeMessage(ctx context.Context, tx *sqlx.Tx, a Alert, now time.Time, w AlertWindow) (AlertClaim, error) {
	var win struct {
		Opened int64 `db:"opened_at"`
		Sent   int   `db:"sent"`
	}
	err := tx.GetContext(ctx, &win, `SELECT opened_at, sent FROM alert_windows WHERE channel = ?`, a.Channel)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ClaimGone, fmt.Errorf("read the window of %s: %w", a.Channel, err)
	}
	ended := errors.Is(err, sql.ErrNoRows) || w.Ended(time.UnixMilli(win.Opened), now)
	if ended {
		win.Opened, win.Sent = now.UnixMilli(), 0
	}
	hold := win.Sent >= w.Max
	if ended && !hold && a.DigestOf == 0 {
		if err := tx.GetContext(ctx, &hold, `SELECT EXISTS (SELECT 1 FROM alerts WHERE status = 'held' AND channel = ?)`, a.Channel); err != nil {
			return ClaimGone, fmt.Errorf("look for alerts held for the digest of %s: %w", a.Channel, err)
		}
	}
	if hold && a.DigestOf == 0 {
		_, err := tx.ExecContext(ctx, `UPDATE alerts SET status = 'held', claimed_by = '', lease_until = 0, attempts = attempts - 1 WHERE id = ?`, a.ID)
		if err != nil {
			return ClaimGone, fmt.Errorf("hold for the digest: %w", err)
		}
		return ClaimHeld, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO alert_windows (channel, opened_at, sent) VALUES (?, ?, ?)
		ON CONFLICT (channel) DO UPDATE SET opened_at = excluded.opened_at, sent = excluded.sent`, a.Channel, win.Opened, win.Sent+1)
	if err != nil {
		return ClaimGone, fmt.Errorf("count the message in the window of %s: %w", a.Channel, err)
	}
	return ClaimSend, nil
}

// HeldChannel is a channel with notifications held for its digest, and
// when its current window opened (zero: it has none).
type HeldChannel struct {
	Channel string
	Opened  time.Time
}

// HeldChannels returns the channels that have held notifications.
func (s *Store) HeldChannels(ctx context.Context) ([]HeldChannel, error) {
	var rows []struct {
		Channel string `db:"channel"`
		Opened  int64  `db:"opened_at"`
	}
	err := s.db.SelectContext(ctx, &rows, `SELECT a.channel, COALESCE(max(w.opened_at), 0) AS opened_at FROM alerts a
		LEFT JOIN alert_windows w ON w.channel = a.channel WHERE a.status = 'held' GROUP BY a.channel ORDER BY a.channel`)
	if err != nil {
		return nil, fmt.Errorf("read channels with held alerts: %w", err)
	}
	out := make([]HeldChannel, len(rows))
	for i, r := range rows {
		out[i] = HeldChannel{Channel: r.Channel}
		if r.Opened > 0 {
			out[i].Opened = time.UnixMilli(r.Opened).UTC()
		}
	}
	return out, nil
}

// HeldAlerts returns up to limit notifications held for channel's digest,
// oldest first.
func (s *Store) HeldAlerts(ctx context.Context, channel string, limit int) ([]Alert, error) {
	var out []Alert
	if err := s.db.SelectContext(ctx, &out, `SELECT * FROM alerts WHERE status = 'held' AND channel = ? ORDER BY id LIMIT ?`, channel, limit); err != nil {
		return nil, fmt.Errorf("read held alerts of %s: %w", channel, err)
	}
	return out, nil
}

// AddDigest records digest d (its DigestOf set), pending and due at now,
// and marks the held notifications members as carried by it, in one
// transaction. It reports false, writing nothing, when d's event key is
// recorded already or a member is no longer held (another process built
// the digest first): each notification goes into exactly one digest.
func (s *Store) AddDigest(ctx context.Context, d Alert, members []int64, now time.Time) (bool, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record digest %s: %w", d.EventKey, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO alerts (event_key, channel, job, subject, body, link, status, next_at, created_at, digest_of)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (event_key, channel) DO NOTHING`,
		d.EventKey, d.Channel, d.Job, s.clean(d.Subject), s.clean(d.Body), d.Link, now.UnixMilli(), utc(now), len(members))
	if err != nil {
		return false, fmt.Errorf("record digest %s: %w", d.EventKey, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return false, fmt.Errorf("record digest %s: %w", d.EventKey, err)
	}
	ok, err := digestMembers(ctx, tx, id, d.Channel, members)
	if err != nil || !ok {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("record digest %s: %w", d.EventKey, err)
	}
	return true, nil
}

// digestMembers marks members as carried by digest id; false when one of
// them is no longer held.
func digestMembers(ctx context.Context, tx *sqlx.Tx, id int64, channel string, members []int64) (bool, error) {
	q, args, err := sqlx.In(`UPDATE alerts SET status = 'digested', digest_id = ? WHERE status = 'held' AND channel = ? AND id IN (?)`,
		id, channel, append([]int64{-1}, members...))
	if err != nil {
		return false, fmt.Errorf("mark the alerts of digest %d: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("mark the alerts of digest %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return err == nil && int(n) == len(members), err
}

package store

import (
	"slices"
	"testing"
	"time"
)

// TestReviewAlertsMigrateEveryStatus: an older database with notifications
// in every old status (one pending, one claimed by a sender whose lease is
// still running, one claimed by a dead sender, sent, failed for good) and
// the watcher's marks, opened read-only first (as steward status would),
// keeps every row and column, the due index and the once-per-event key,
// passes the integrity and foreign-key checks, and then sends exactly the
// pending one and the one whose lease ran out.
func TestReviewAlertsMigrateEveryStatus(t *testing.T) {
	path, db := oldState(t, 25)
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	ms := now.UnixMilli()
	rows := []struct {
		id                   int64
		key, status, claimed string
		attempts             int
		next, lease          int64
	}{
		{3, "run:1", AlertPending, "", 0, ms - 1, 0},
		{4, "run:2", AlertSending, "alive", 1, ms, ms + 60_000},
		{5, "run:3", AlertSending, "dead", 1, ms, ms - 1},
		{8, "quality:4", AlertSent, "x", 1, ms, 0},
		{9, "dlq:prices:4:1", AlertFailed, "x", 5, ms, 0},
	}
	for _, r := range rows {
		mustExec(t, db, `INSERT INTO alerts (id, event_key, channel, job, subject, body, link, status, attempts, next_at, claimed_by, lease_until, created_at, error)
			VALUES (?, ?, 'ops', 'prices', 'subject '||?, 'body', 'https://c/runs/1', ?, ?, ?, ?, ?, 'then', 'e')`,
			r.id, r.key, r.key, r.status, r.attempts, r.next, r.claimed, r.lease)
	}
	mustExec(t, db, `INSERT INTO alert_marks (name, value, updated_at) VALUES ('dlq:prices', 'dlq:prices:4:1', 'then')`)
	db.Close()

	ro, err := OpenReadOnly(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	as, err := ro.ListAlerts(t.Context(), 10)
	ro.Close()
	if err != nil || len(as) != len(rows) {
		t.Fatalf("read-only after the migration: %d alerts, %v", len(as), err)
	}
	for i, a := range as {
		r := rows[len(rows)-1-i]
		if a.ID != r.id || a.EventKey != r.key || a.Status != r.status || a.Owner != r.claimed || a.Attempts != r.attempts ||
			a.NextAt != r.next || a.Lease != r.lease || a.Subject != "subject "+r.key || a.Link != "https://c/runs/1" || a.Error != "e" || a.DigestOf != 0 {
			t.Errorf("alert %d after the migration: %+v", r.id, a)
		}
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantSchemaKept(t, s)
	for _, r := range rows {
		if added, err := s.AddAlert(t.Context(), Alert{EventKey: r.key, Channel: "ops", Job: "prices"}, now); added || err != nil {
			t.Errorf("event %s recorded a second time: %v %v", r.key, added, err)
		}
	}
	if v, err := s.ArmAlert(t.Context(), "dlq:prices", "dlq:prices:9:9", now); v != "dlq:prices:4:1" || err != nil {
		t.Errorf("the armed crossing was lost: %q %v", v, err)
	}
	due, _ := s.DueAlerts(t.Context(), now)
	var ids []int64
	for _, a := range due {
		if _, c, err := s.ClaimAlertWithin(t.Context(), a.ID, "new", now, time.Minute, AlertWindow{Max: 5, Length: time.Minute}); c == ClaimSend && err == nil {
			ids = append(ids, a.ID)
		}
	}
	if !slices.Equal(ids, []int64{3, 5}) {
		t.Errorf("claimed %v after the migration, want the pending one and the dead sender's (3, 5)", ids)
	}
}

// wantSchemaKept fails unless the alerts table has its indexes and the
// database passes its integrity and foreign-key checks.
func wantSchemaKept(t *testing.T, s *Store) {
	t.Helper()
	var idx []string
	if err := s.db.Select(&idx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(idx, "alerts_due") || !slices.Contains(idx, "alerts_held") || len(idx) != 3 {
		t.Errorf("indexes of alerts %v, want alerts_due, alerts_held and the unique key's", idx)
	}
	if res, err := s.IntegrityCheck(t.Context()); res != "ok" || err != nil {
		t.Errorf("integrity %q %v", res, err)
	}
	var bad []struct {
		Table  string `db:"table"`
		RowID  any    `db:"rowid"`
		Parent string `db:"parent"`
		FKID   int    `db:"fkid"`
	}
	if err := s.db.Select(&bad, `PRAGMA foreign_key_check`); err != nil || len(bad) > 0 {
		t.Errorf("foreign key check: %+v %v", bad, err)
	}
}

package store

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestAlertsMigrateToDigests: a state database written before storm
// digests keeps its notifications (ids, statuses, the once-per-event key)
// through the rebuild of alerts.
func TestAlertsMigrateToDigests(t *testing.T) {
	path, db := oldState(t, 25)
	mustExec(t, db, `INSERT INTO alerts (id, event_key, channel, job, subject, body, status, attempts, next_at, created_at, sent_at)
		VALUES (7, 'run:3', 'ops', 'prices', 's', 'b', 'sent', 1, 0, 'x', 'y')`)
	db.Close()
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, err := st.ListAlerts(t.Context(), 10)
	if err != nil || len(as) != 1 || as[0].ID != 7 || as[0].Status != AlertSent || as[0].DigestOf != 0 || as[0].DigestID.Valid {
		t.Fatalf("alerts after the migration: %+v %v", as, err)
	}
	if added, err := st.AddAlert(t.Context(), Alert{EventKey: "run:3", Channel: "ops", Job: "prices"}, time.Now()); added || err != nil {
		t.Fatalf("the once-per-event key did not survive: %v %v", added, err)
	}
}

// TestAlertWindowHoldsAndDigests: a channel's window gives Max messages,
// then holds; a digest takes a message even from a full window; a held
// notification goes into one digest only, and a second digest of the same
// window or of a member no longer held records nothing.
func TestAlertWindowHoldsAndDigests(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	w := AlertWindow{Max: 2, Length: 10 * time.Minute}
	for i := range 4 {
		if _, err := s.AddAlert(t.Context(), Alert{EventKey: "run:" + strconv.Itoa(i), Channel: "ops", Job: "prices"}, now); err != nil {
			t.Fatal(err)
		}
	}
	due, _ := s.DueAlerts(t.Context(), now)
	var got []AlertClaim
	for _, a := range due {
		_, c, err := s.ClaimAlertWithin(t.Context(), a.ID, "o", now, time.Minute, w)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	if !slices.Equal(got, []AlertClaim{ClaimSend, ClaimSend, ClaimHeld, ClaimHeld}) {
		t.Fatalf("claims %v, want 2 sends then 2 held", got)
	}
	held, _ := s.HeldAlerts(t.Context(), "ops", 10)
	chs, _ := s.HeldChannels(t.Context())
	if len(held) != 2 || held[0].Attempts != 0 || len(chs) != 1 || !chs[0].Opened.Equal(now) {
		t.Fatalf("held %+v, channels %+v", held, chs)
	}
	ids := []int64{held[0].ID, held[1].ID}
	d := Alert{EventKey: "digest:ops:1", Channel: "ops", Subject: "digest"}
	if ok, err := s.AddDigest(t.Context(), d, ids, now); !ok || err != nil {
		t.Fatalf("digest: %v %v", ok, err)
	}
	for _, again := range []Alert{d, {EventKey: "digest:ops:2", Channel: "ops"}} {
		if ok, err := s.AddDigest(t.Context(), again, ids, now); ok || err != nil {
			t.Fatalf("a second digest of the same notifications: %v %v", ok, err)
		}
	}
	due, _ = s.DueAlerts(t.Context(), now)
	if len(due) != 1 || due[0].DigestOf != 2 {
		t.Fatalf("due %+v, want the digest of 2", due)
	}
	if _, c, err := s.ClaimAlertWithin(t.Context(), due[0].ID, "o", now, time.Minute, w); c != ClaimSend || err != nil {
		t.Fatalf("the digest was not sent from a full window: %v %v", c, err)
	}
}

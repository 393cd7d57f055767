package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// A notification is recorded once per event and channel; one sender at a
// time holds it; a sender whose lease ran out and was taken over cannot
// settle it, and the new holder can.
func TestAlertClaimAndLease(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	a := Alert{EventKey: "run:1", Channel: "ops", Job: "prices", Subject: "s"}
	for i, want := range []bool{true, false} {
		if added, err := s.AddAlert(t.Context(), a, now); added != want || err != nil {
			t.Fatalf("add %d: %v, %v", i, added, err)
		}
	}
	due, _ := s.DueAlerts(t.Context(), now)
	if len(due) != 1 {
		t.Fatalf("due %d", len(due))
	}
	id := due[0].ID
	if _, ok, err := s.ClaimAlert(t.Context(), id, "a", now, time.Minute); !ok || err != nil {
		t.Fatalf("claim a: %v %v", ok, err)
	}
	if _, ok, _ := s.ClaimAlert(t.Context(), id, "b", now.Add(time.Minute), time.Minute); ok {
		t.Fatal("b claimed a held notification")
	}
	later := now.Add(time.Minute + time.Millisecond)
	got, ok, err := s.ClaimAlert(t.Context(), id, "b", later, time.Minute)
	if !ok || err != nil || got.Attempts != 2 || got.Owner != "b" {
		t.Fatalf("b after the lease: %+v %v %v", got, ok, err)
	}
	if err := s.SettleAlert(t.Context(), id, "a", AlertSent, "", later, later); !errors.Is(err, ErrAlertNotClaimed) {
		t.Fatalf("a settled after losing the claim: %v", err)
	}
	if err := s.SettleAlert(t.Context(), id, "b", AlertSent, "", later, later); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueAlerts(t.Context(), later.Add(time.Hour)); len(due) != 0 {
		t.Fatalf("a sent notification is due again: %+v", due)
	}
}

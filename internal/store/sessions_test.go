package store

import (
	"path/filepath"
	"testing"
	"time"
)

// TestRevokedSessionsKeptAndPruned: a revoked session is found again by
// another open of the store; revoking prunes the sessions that expired by
// the store's clock and keeps the live ones.
func TestRevokedSessionsKeptAndPruned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	for id, exp := range map[string]time.Duration{"short": time.Hour, "long": 12 * time.Hour} {
		if err := s.RevokeSession(t.Context(), id, now.Add(exp)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if s, err = Open(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for id, want := range map[string]bool{"short": true, "long": true, "never": false} {
		if got, err := s.SessionRevoked(t.Context(), id); err != nil || got != want {
			t.Errorf("after reopening, %s revoked: %v %v, want %v", id, got, err, want)
		}
	}
	now = now.Add(2 * time.Hour)
	s.now = func() time.Time { return now }
	if err := s.RevokeSession(t.Context(), "next", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := s.db.Select(&ids, `SELECT id FROM revoked_sessions ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] != "long" || ids[1] != "next" {
		t.Errorf("rows after pruning: %v, want [long next]", ids)
	}
}

package store

import (
	"strings"
	"testing"
)

func deadPriceWrite(t *testing.T, s *Store, run int64, hash, amount string) int64 {
	t.Helper()
	items, err := s.EnqueueDraftPushes(t.Context(), []OutboxItem{{Job: "prices", Target: "pim", ExternalID: "A", Hash: hash,
		Payload: []byte(`{"price":[{"locale":null,"scope":null,"data":[{"amount":"` + amount + `","currency":"EUR"}]}]}`), RunID: run}})
	if err != nil {
		t.Fatal(err)
	}
	return items[0].ID
}

func deadLetterState(t *testing.T, s *Store, outboxID int64) (replayed bool, discardReason string) {
	t.Helper()
	var row struct {
		Replayed *string `db:"replayed_at"`
		Reason   string  `db:"discard_reason"`
	}
	if err := s.db.Get(&row, `SELECT replayed_at, discard_reason FROM dead_letters WHERE outbox_id = ? ORDER BY id LIMIT 1`, outboxID); err != nil {
		t.Fatal(err)
	}
	return row.Replayed != nil, row.Reason
}

// TestReplaySkipsAWriteANewerOneSuperseded (issue 6 item 7 review): price
// A = 10.00 was rejected, then A = 12.00 was written; replaying the dead letter
// must not put 10.00 back: it is discarded as superseded by a newer write.
func TestReplaySkipsAWriteANewerOneSuperseded(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	run, _ := s.BeginRun(ctx, "prices", TriggerManual)
	old := deadPriceWrite(t, s, run, "p10", "10.00")
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: old, Status: OutboxDead, Reason: "422"}}); err != nil {
		t.Fatal(err)
	}
	newer := deadPriceWrite(t, s, run, "p12", "12.00")
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: newer, Status: OutboxWritten}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplayDeadLetters(ctx, "prices", nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingOutbox(ctx, "prices", "pim", 0, 10); len(pending) != 0 {
		t.Fatalf("the stale price was queued again: %s", pending[0].Payload)
	}
	if replayed, reason := deadLetterState(t, s, old); replayed || !strings.HasPrefix(reason, "superseded by a newer write") {
		t.Fatalf("the superseded dead letter: replayed %v, discarded with %q", replayed, reason)
	}
}

// TestReplayMarksReplayedOnlyAfterTheWrite (issue 6 item 7 review): a dead
// letter taken up by a replay is marked replayed when its write settles, not
// before: one whose write is never made stays open.
func TestReplayMarksReplayedOnlyAfterTheWrite(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	run, _ := s.BeginRun(ctx, "prices", TriggerManual)
	id := deadPriceWrite(t, s, run, "p10", "10.00")
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: id, Status: OutboxDead, Reason: "422"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplayDeadLetters(ctx, "prices", nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if replayed, _ := deadLetterState(t, s, id); replayed {
		t.Fatal("the dead letter is marked replayed before anything was written")
	}
	if dls, _ := s.DeadLetters(ctx, "prices", 10); len(dls) != 1 {
		t.Fatalf("%d open dead letters while the write is pending, want 1", len(dls))
	}
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: id, Status: OutboxWritten}}); err != nil {
		t.Fatal(err)
	}
	if replayed, _ := deadLetterState(t, s, id); !replayed {
		t.Fatal("the dead letter is not marked replayed after its write")
	}
}

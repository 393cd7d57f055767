package store

import (
	"strconv"
	"testing"
)

// TestDeadLetterDecisionsAreAudited: a replay and a discard (as the CLI and
// the console make them) each write one audit record per dead letter, with
// the reviewer, the reason and what the target had said.
func TestDeadLetterDecisionsAreAudited(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	run, _ := s.BeginRun(ctx, "prices", TriggerManual)
	a := deadPriceWrite(t, s, run, "pa", "10.00")
	b := deadPriceWrite(t, s, run, "pb", "11.00")
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: a, Status: OutboxDead, Reason: "422 below cost"}, {ID: b, Status: OutboxDead, Reason: "422 locked"}}); err != nil {
		t.Fatal(err)
	}
	dls, _ := s.DeadLetters(ctx, "prices", 10)
	if _, err := s.ReplayDeadLetters(ctx, "prices", []int64{dls[1].ID}, "olga"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DiscardDeadLetters(ctx, "prices", []int64{dls[0].ID}, "product retired", "olga"); err != nil {
		t.Fatal(err)
	}
	log, err := s.DecisionLog(ctx, DecisionFilter{})
	if err != nil || len(log) != 2 {
		t.Fatalf("audit trail %+v %v", log, err)
	}
	discard, replay := log[0], log[1]
	if replay.Action != AuditReplay || replay.Reviewer != "olga" || replay.SubjectKind != SubjectDeadLetter ||
		replay.SubjectID != strconv.FormatInt(dls[1].ID, 10) || replay.Before != "pim A (job prices): 422 locked" || replay.After != "sent again" {
		t.Errorf("replay record %+v", replay)
	}
	if discard.Action != AuditDiscard || discard.Reason != "product retired" || discard.SubjectID != strconv.FormatInt(dls[0].ID, 10) || discard.Before != "pim A (job prices): 422 below cost" {
		t.Errorf("discard record %+v", discard)
	}
}

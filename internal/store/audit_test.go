package store

import (
	"errors"
	"testing"
)

// TestDecisionsAreAudited: the review and decide methods the CLI and the
// console both call record one audit row per decision, in its transaction:
// a refused decision records nothing.
func TestDecisionsAreAudited(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	a := addDraft(t, s, "A", "h1", DraftPending)
	b := addDraft(t, s, "B", "h2", DraftFlagged)
	addDraft(t, s, "C", "h3", DraftPending)
	var se *SelectionError
	if _, err := s.ApproveIDs(ctx, []int64{b}, Review{Reviewer: "ana"}); !errors.As(err, &se) {
		t.Fatalf("flagged approved without override: %v", err)
	}
	if _, err := s.ApproveIDs(ctx, []int64{a}, Review{Reviewer: "ana"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RejectIDs(ctx, []int64{b}, Review{Reviewer: "bo", Reason: "link"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ApproveSelection(ctx, DraftFilter{Family: "shirts"}, Review{Reviewer: "cy"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Escalate(ctx, []Escalation{{Job: "j", DataType: "customers", Kind: EscalationConflict, SourceSystem: "erp", SourceKey: "k"}}); err != nil {
		t.Fatal(err)
	}
	d := Decision{ID: 1, Status: EscalationDismissed, Decision: `{"dismissed":true}`, By: "dee", Reason: "dup"}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, d); !errors.Is(err, ErrEscalationClosed) {
		t.Fatalf("second decision: %v", err)
	}
	rs, err := s.DecisionLog(ctx, DecisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ who, action, subject string }{
		{"dee", AuditDismiss, "1"}, {"cy", AuditApproveSelection, "family=shirts"}, {"bo", AuditReject, "2"}, {"ana", AuditApprove, "1"},
	}
	if len(rs) != len(want) {
		t.Fatalf("%d audit rows, want %d: %+v", len(rs), len(want), rs)
	}
	for i, w := range want {
		if r := rs[i]; r.Reviewer != w.who || r.Action != w.action || r.SubjectID != w.subject || r.At == "" {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
	if rs, _ := s.DecisionLog(ctx, DecisionFilter{Reviewer: "bo"}); len(rs) != 1 || rs[0].Reason != "link" {
		t.Errorf("filter by reviewer: %+v", rs)
	}
}

package store

import (
	"strings"
	"testing"
)

// TestEditCorrectionKeepsTheProposalInTheAudit (issue 9 item 1): a
// correction edited by a reviewer holds the edited canonical value, approved,
// and its audit row keeps the proposed one; a new value that is not a
// canonical value object, or of another kind than the proposal, is refused and
// nothing changes.
func TestEditCorrectionKeepsTheProposalInTheAudit(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	proposed := `{"attribute":"weight","kind":"metric","number":"0.5","unit":"KILOGRAM"}`
	if _, err := s.AddDraft(ctx, Draft{Kind: DraftCorrection, ProductKey: "p1", SKU: "S1", Attribute: "weight", Value: proposed,
		Rule: "weight-unit", InputHash: "h", Status: DraftPending, RunID: 1}); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Drafts(ctx, DraftFilter{})
	if err != nil || len(ds) != 1 {
		t.Fatalf("drafts: %v %d", err, len(ds))
	}
	id := ds[0].ID
	for _, bad := range []string{`"500 GRAM"`, `{"number":"500"}`, `{"attribute":"weight","kind":"text","text":"500 g"}`} {
		if err := s.EditDraft(ctx, id, bad, Review{Reviewer: "ana"}); err == nil || !strings.Contains(err.Error(), "edit draft") {
			t.Errorf("edit to %s: %v, want a refusal", bad, err)
		}
	}
	if d, _ := s.Drafts(ctx, DraftFilter{IDs: []int64{id}}); d[0].Value != proposed || d[0].Status != DraftPending {
		t.Fatalf("refused edits changed the draft: %+v", d[0])
	}
	edited := `{"attribute":"weight","kind":"metric","number":"500","unit":"GRAM"}`
	if err := s.EditDraft(ctx, id, edited, Review{Reviewer: "ana", Reason: "the amount was in grams"}); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Drafts(ctx, DraftFilter{IDs: []int64{id}})
	if d[0].Value != edited || d[0].Status != DraftApproved || d[0].Reviewer != "ana" {
		t.Errorf("edited correction: %s %s by %s", d[0].Value, d[0].Status, d[0].Reviewer)
	}
	rs, err := s.DecisionLog(ctx, DecisionFilter{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("audit: %v %d rows", err, len(rs))
	}
	if !strings.Contains(rs[0].Before, `"number":"0.5"`) || !strings.Contains(rs[0].Before, `"status":"pending"`) || rs[0].After != edited || rs[0].Action != AuditEditApprove {
		t.Errorf("audit row: %+v", rs[0])
	}
}

package store

import (
	"errors"
	"testing"
)

// TestReviewConfirmedSelectionRefusesARevivedDraft: a superseded draft that a
// later run revives as pending keeps its old id; a bulk approval confirmed
// before the revival must not approve it unseen.
func TestReviewConfirmedSelectionRefusesARevivedDraft(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	old := addDraft(t, s, "A", "h1", DraftPending)
	addDraft(t, s, "A", "h2", DraftPending) // supersedes old
	keep := addDraft(t, s, "B", "h1", DraftPending)
	digest, n, err := s.SelectionDigest(ctx, DraftFilter{Family: "shirts"}, "approve")
	if err != nil || n != 2 {
		t.Fatalf("digest: %d drafts, %v", n, err)
	}
	addDraft(t, s, "A", "h1", DraftPending) // the facts went back: old is drafted anew in its row
	if d := draftByID(t, s, old); d.Status != DraftPending {
		t.Fatalf("draft %d was not revived: %s", old, d.Status)
	}
	_, _, err = s.ApproveConfirmed(ctx, DraftFilter{Family: "shirts"}, digest, Review{Reviewer: "ana"})
	var sel *SelectionError
	if !errors.As(err, &sel) {
		t.Fatalf("approve a changed selection: %v, want a SelectionError", err)
	}
	for _, id := range []int64{old, keep} {
		if d := draftByID(t, s, id); d.Status != DraftPending {
			t.Errorf("draft %d is %s after a refused approval", id, d.Status)
		}
	}
	if rs, _ := s.DecisionLog(ctx, DecisionFilter{}); len(rs) != 0 {
		t.Errorf("a refused approval was audited: %+v", rs)
	}
	digest, _, _ = s.SelectionDigest(ctx, DraftFilter{Family: "shirts"}, "approve")
	if n, _, err := s.ApproveConfirmed(ctx, DraftFilter{Family: "shirts"}, digest, Review{Reviewer: "ana"}); err != nil || n != 2 {
		t.Fatalf("approve the confirmed selection: %d, %v", n, err)
	}
	if _, _, err := s.ApproveConfirmed(ctx, DraftFilter{Family: "shirts"}, "", Review{Reviewer: "ana"}); err == nil {
		t.Error("an approval without a confirmed selection went through")
	}
}

package store

import (
	"errors"
	"strings"
	"testing"
)

// TestPushClaimsRefuseAReviewAndCountOnlyWhatMoved (issue 6 item 1 review,
// reject racing a push): a push claims its drafts before writing; a reject
// landing after the claim is refused with a clear message, one landing before
// it keeps the draft from being claimed, and MarkPushed counts only the rows
// it moved.
func TestPushClaimsRefuseAReviewAndCountOnlyWhatMoved(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	a, b := addDraft(t, s, "A", "h1", DraftApproved), addDraft(t, s, "B", "h2", DraftApproved)
	run, _ := s.BeginRun(ctx, "products", TriggerManual)
	// The push read both as approved; a reviewer rejects B before the claim.
	if _, err := s.RejectIDs(ctx, []int64{b}, Review{Reviewer: "bo", Reason: "wrong colour"}); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimDrafts(ctx, []int64{a, b}, run)
	if err != nil || len(claimed) != 1 || claimed[0].ID != a || claimed[0].Status != DraftPushing || claimed[0].PushRun != run {
		t.Fatalf("claim: %+v %v; want only A, claimed by run %d", claimed, err, run)
	}
	var se *SelectionError
	if _, err := s.RejectIDs(ctx, []int64{a}, Review{Reviewer: "bo", Reason: "late"}); !errors.As(err, &se) || !strings.Contains(err.Error(), "being pushed by run") {
		t.Fatalf("a reject of a claimed draft: %v", err)
	}
	if _, err := s.ApproveIDs(ctx, []int64{a}, Review{Reviewer: "bo"}); !errors.As(err, &se) {
		t.Fatalf("an approval of a claimed draft: %v", err)
	}
	if n, busy, err := s.RejectSelection(ctx, DraftFilter{}, Review{Reviewer: "bo", Reason: "all"}); err != nil || n != 0 || busy != 1 {
		t.Fatalf("reject --all: %d rejected, %d being pushed, %v; want 0 and 1", n, busy, err)
	}
	if n, err := s.MarkPushed(ctx, run, []int64{a, b}); err != nil || n != 1 {
		t.Fatalf("mark pushed: %d %v; want 1 (B was rejected, not pushed)", n, err)
	}
	if d := draftByID(t, s, b); d.Status != DraftRejected {
		t.Fatalf("B is %s", d.Status)
	}
}

// TestKilledPushClaimsAreReleased: the claims of a push that ended without
// settling them (killed; a later run of the job marks it failed) are approved
// again by the next push, and a review may take them up; the claims of a live
// push stay.
func TestKilledPushClaimsAreReleased(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	a := addDraft(t, s, "A", "h1", DraftApproved)
	run, _ := s.BeginRun(ctx, "products", TriggerManual)
	if claimed, err := s.ClaimDrafts(ctx, []int64{a}, run); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if n, err := s.ReleaseStaleClaims(ctx); err != nil || n != 0 {
		t.Fatalf("a live push's claim was released: %d %v", n, err)
	}
	if err := s.FinishRun(ctx, run, StatusFailed, "process ended before the run finished (killed or crashed)"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ReleaseStaleClaims(ctx); err != nil || n != 1 {
		t.Fatalf("release stale claims: %d %v; want 1", n, err)
	}
	if d := draftByID(t, s, a); d.Status != DraftApproved || d.PushRun != 0 {
		t.Fatalf("the killed push's draft is %s (run %d)", d.Status, d.PushRun)
	}
	next, _ := s.BeginRun(ctx, "products2", TriggerManual)
	if claimed, err := s.ClaimDrafts(ctx, []int64{a}, next); err != nil || len(claimed) != 1 {
		t.Fatalf("the next push could not claim the draft: %v %v", claimed, err)
	}
	if err := s.ReleaseClaims(ctx, next); err != nil {
		t.Fatal(err)
	}
	if d := draftByID(t, s, a); d.Status != DraftApproved {
		t.Fatalf("a released claim left the draft %s", d.Status)
	}
}

// TestDiscardOfADraftPushRejectsItsDraft (issue 6 item 7 review): giving up
// a rejected draft push rejects the draft, by a reviewer, with the discard's
// reason, so no later push sends it; without a reviewer nothing changes.
func TestDiscardOfADraftPushRejectsItsDraft(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id := addDraft(t, s, "A", "h1", DraftApproved)
	run, _ := s.BeginRun(ctx, "products", TriggerManual)
	items, _ := s.EnqueueDraftPushes(ctx, []OutboxItem{{Job: "products", Target: "pim", ExternalID: "A", Hash: "p1", Payload: []byte(`{}`), RunID: run, DraftID: id}})
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: items[0].ID, Status: OutboxDead, Reason: "422"}}); err != nil {
		t.Fatal(err)
	}
	var se *SelectionError
	if _, err := s.DiscardDeadLetters(ctx, "", nil, "product retired", ""); !errors.As(err, &se) || !strings.Contains(err.Error(), "reviewer") {
		t.Fatalf("discard of a draft push without a reviewer: %v", err)
	}
	if dls, _ := s.DeadLetters(ctx, "", 10); len(dls) != 1 {
		t.Fatal("a refused discard changed the dead letters")
	}
	res, err := s.DiscardDeadLetters(ctx, "", nil, "product retired", "ana")
	if err != nil || res.DeadLetters != 1 || res.DraftsRejected != 1 {
		t.Fatalf("discard: %+v %v", res, err)
	}
	if d := draftByID(t, s, id); d.Status != DraftRejected || d.Reviewer != "ana" || d.ReviewReason != "product retired" {
		t.Fatalf("the draft after its push was discarded: %+v", d)
	}
}

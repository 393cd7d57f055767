package store

import (
	"errors"
	"testing"
	"time"
)

func addDraft(t *testing.T, s *Store, sku, hash, status string) int64 {
	t.Helper()
	ok, err := s.AddDraft(t.Context(), Draft{Kind: DraftDescription, ProductKey: "u-" + sku, SKU: sku, Family: "shirts", Attribute: "description",
		Locale: "en_US", Value: `"text"`, Rule: "r", Generator: "g", Model: "m", InputHash: hash, Status: status, RunID: 1, Facts: `{"sku":"` + sku + `"}`})
	if err != nil || !ok {
		t.Fatalf("add draft %s/%s: %v %v", sku, hash, ok, err)
	}
	ds, _ := s.Drafts(t.Context(), DraftFilter{})
	return ds[len(ds)-1].ID
}

func draftByID(t *testing.T, s *Store, id int64) Draft {
	t.Helper()
	ds, err := s.Drafts(t.Context(), DraftFilter{IDs: []int64{id}})
	if err != nil || len(ds) != 1 {
		t.Fatalf("draft %d: %v", id, err)
	}
	return ds[0]
}

// TestBulkApprovalSkipsFlaggedDrafts: --all never approves a flagged draft; by
// id it needs an override and a reason, both recorded with the reviewer.
func TestBulkApprovalSkipsFlaggedDrafts(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	pending := addDraft(t, s, "A", "h1", DraftPending)
	flagged := addDraft(t, s, "B", "h2", DraftFlagged)
	n, skipped, err := s.ApproveSelection(ctx, DraftFilter{}, Review{Reviewer: "ana"})
	if err != nil || n != 1 || skipped != 1 {
		t.Fatalf("bulk approve: %d approved, %d skipped, %v; want 1 and 1", n, skipped, err)
	}
	if d := draftByID(t, s, flagged); d.Status != DraftFlagged {
		t.Fatalf("bulk approval moved a flagged draft to %s", d.Status)
	}
	if d := draftByID(t, s, pending); d.Status != DraftApproved || d.Reviewer != "ana" {
		t.Fatalf("pending draft after approval: %+v", d)
	}
	var se *SelectionError
	if _, err := s.ApproveIDs(ctx, []int64{flagged}, Review{Reviewer: "ana"}); !errors.As(err, &se) {
		t.Fatalf("a flagged draft approved by id without override: %v", err)
	}
	if _, err := s.ApproveIDs(ctx, []int64{flagged}, Review{Reviewer: "ana", Override: true}); !errors.As(err, &se) {
		t.Fatalf("an override without a reason: %v", err)
	}
	if _, err := s.ApproveIDs(ctx, []int64{flagged, 999}, Review{Reviewer: "ana", Override: true, Reason: "checked"}); !errors.As(err, &se) {
		t.Fatalf("an unknown id did not refuse the approval: %v", err)
	}
	if d := draftByID(t, s, flagged); d.Status != DraftFlagged {
		t.Fatal("a refused approval changed a draft")
	}
	if n, err := s.ApproveIDs(ctx, []int64{flagged}, Review{Reviewer: "bo", Override: true, Reason: "checked by hand"}); err != nil || n != 1 {
		t.Fatalf("override: %d %v", n, err)
	}
	if d := draftByID(t, s, flagged); d.Status != DraftApproved || !d.Override || d.ReviewReason != "checked by hand" || d.Reviewer != "bo" {
		t.Fatalf("overridden draft: %+v", d)
	}
	if claimed, err := s.ClaimDrafts(ctx, []int64{pending}, 7); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	if n, err := s.MarkPushed(ctx, 7, []int64{pending}); err != nil || n != 1 {
		t.Fatalf("mark pushed: %d %v", n, err)
	}
	if _, err := s.ApproveIDs(ctx, []int64{pending}, Review{Reviewer: "ana"}); !errors.As(err, &se) {
		t.Fatalf("a pushed draft was approved again: %v", err)
	}
	if _, err := s.RejectIDs(ctx, []int64{pending}, Review{Reviewer: "ana", Reason: "x"}); !errors.As(err, &se) {
		t.Fatalf("a pushed draft was rejected: %v", err)
	}
}

// TestNewerDraftSupersedesOlder: a second draft for the same product,
// attribute, locale and channel supersedes the open older one.
func TestNewerDraftSupersedesOlder(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	old := addDraft(t, s, "A", "h1", DraftPending)
	if _, err := s.ApproveIDs(ctx, []int64{old}, Review{Reviewer: "ana"}); err != nil {
		t.Fatal(err)
	}
	other := addDraft(t, s, "B", "h1", DraftPending)
	newer := addDraft(t, s, "A", "h2", DraftPending)
	if d := draftByID(t, s, old); d.Status != DraftSuperseded || d.SupersededBy != newer {
		t.Fatalf("older draft: %s superseded by %d; want superseded by %d", d.Status, d.SupersededBy, newer)
	}
	if d := draftByID(t, s, other); d.Status != DraftPending {
		t.Fatalf("another product's draft became %s", d.Status)
	}
	var se *SelectionError
	if _, err := s.ApproveIDs(ctx, []int64{old}, Review{Reviewer: "ana"}); !errors.As(err, &se) {
		t.Fatalf("a superseded draft was approved: %v", err)
	}
	ds, _ := s.Drafts(ctx, DraftFilter{Status: DraftApproved})
	if len(ds) != 0 {
		t.Fatalf("approved drafts after supersession: %+v", ds)
	}
}

// TestDraftFailureBackoff: failures are counted with their next attempt and
// forgotten on success.
func TestDraftFailureBackoff(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	slot := DraftSlot{ProductKey: "u1", Attribute: "description", Locale: "en_US"}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	backoff := func(n int) time.Duration { return time.Duration(n) * time.Hour }
	for want := 1; want <= 2; want++ {
		n, err := s.RecordDraftFailure(ctx, slot, "503", now, backoff)
		if err != nil || n != want {
			t.Fatalf("failure %d recorded as %d (%v)", want, n, err)
		}
	}
	f, ok, err := s.DraftRetryAt(ctx, slot)
	if err != nil || !ok || f.Failures != 2 || !f.NextAttempt.Equal(now.Add(2*time.Hour)) || f.LastError != "503" {
		t.Fatalf("failure record %+v %v %v", f, ok, err)
	}
	if err := s.ClearDraftFailure(ctx, slot); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.DraftRetryAt(ctx, slot); ok {
		t.Fatal("the failure record survived a success")
	}
}

// TestDraftPushDeadLettersAreNotRequeued: replaying a rejected draft push
// names the draft instead of queueing its stale payload; discard needs a
// reason and closes the dead letter.
func TestDraftPushDeadLettersAreNotRequeued(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id := addDraft(t, s, "A", "h1", DraftPending)
	run, _ := s.BeginRun(ctx, "products", TriggerManual)
	items, err := s.EnqueueDraftPushes(ctx, []OutboxItem{
		{Job: "products", Target: "pim", ExternalID: "A", Hash: "p1", Payload: []byte(`{}`), RunID: run, DraftID: id},
		{Job: "products", Target: "pim", ExternalID: "B", Hash: "p2", Payload: []byte(`{}`), RunID: run},
	})
	if err != nil || len(items) != 2 || items[0].DraftID != id || items[0].ID == 0 {
		t.Fatalf("enqueue: %+v %v", items, err)
	}
	if pending, _ := s.PendingOutbox(ctx, "products", "pim", 0, 10); len(pending) != 1 || pending[0].ExternalID != "B" {
		t.Fatalf("a draft push is in the plain write-back queue: %+v", pending)
	}
	if err := s.SettleOutbox(ctx, run, []Settle{{ID: items[0].ID, Status: OutboxDead, Reason: "422"}, {ID: items[1].ID, Status: OutboxDead, Reason: "422"}}); err != nil {
		t.Fatal(err)
	}
	dls, _ := s.DeadLetters(ctx, "", 10)
	if len(dls) != 2 {
		t.Fatalf("dead letters: %+v", dls)
	}
	var se *SelectionError
	if _, err := s.ReplayDeadLetters(ctx, "", []int64{dls[0].ID, 999}, "ana"); !errors.As(err, &se) {
		t.Fatalf("an unknown dead letter id: %v", err)
	}
	plan, err := s.ReplayDeadLetters(ctx, "", []int64{dls[0].ID}, "ana")
	if err != nil || len(plan["products"].Entries) != 1 || plan["products"].Entries[0].DraftID != id {
		t.Fatalf("replay plan %+v %v", plan["products"], err)
	}
	// Unsent (no push ran): the dead letter stays open.
	if out, err := s.SettleReplay(ctx, run, plan["products"].Entries); err != nil || out.Unsent != 0 || out.Skipped["the draft is pending, no longer approved"] != 1 {
		t.Fatalf("settle replay of a pending draft: %+v %v", out, err)
	}
	if st, _ := s.OutboxStatuses(ctx, []int64{items[0].ID}); st[items[0].ID] != OutboxDead {
		t.Fatalf("the stale draft payload was queued again: %v", st)
	}
	if _, err := s.DiscardDeadLetters(ctx, "", nil, "", "ana"); !errors.As(err, &se) {
		t.Fatalf("discard without a reason: %v", err)
	}
	if n, err := s.DiscardDeadLetters(ctx, "products", nil, "product deleted", ""); err != nil || n.DeadLetters != 1 {
		t.Fatalf("discard: %+v %v", n, err)
	}
	if dls, _ := s.DeadLetters(ctx, "", 10); len(dls) != 0 {
		t.Fatalf("dead letters left after replay and discard: %+v", dls)
	}
}

// TestFactsThatChangeBackNeverLeaveAStaleDraft: facts A, then B, then A again.
// The draft from B describes facts the product no longer has: it must not stay
// open. With a live draft for A (pushed, say), HasDraft supersedes B; with A's
// draft superseded, A is drafted anew in its row and supersedes B.
func TestFactsThatChangeBackNeverLeaveAStaleDraft(t *testing.T) {
	ctx := t.Context()
	has := func(s *Store, hash string) bool {
		t.Helper()
		ok, err := s.HasDraft(ctx, DraftDescription, "u-A", "description", "en_US", "", hash)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	t.Run("live draft for the old facts", func(t *testing.T) {
		s := open(t)
		a := addDraft(t, s, "A", "hA", DraftPending)
		if _, err := s.db.Exec(`UPDATE drafts SET status = ? WHERE id = ?`, DraftPushed, a); err != nil {
			t.Fatal(err)
		}
		b := addDraft(t, s, "A", "hB", DraftPending)
		if !has(s, "hA") {
			t.Fatal("the pushed draft for facts A is not found")
		}
		if d := draftByID(t, s, b); d.Status != DraftSuperseded || d.SupersededBy != a {
			t.Fatalf("the draft of facts B is %s (superseded by %d) after the facts went back to A", d.Status, d.SupersededBy)
		}
	})
	t.Run("superseded draft for the old facts", func(t *testing.T) {
		s := open(t)
		a := addDraft(t, s, "A", "hA", DraftFlagged)
		b := addDraft(t, s, "A", "hB", DraftPending)
		if has(s, "hA") {
			t.Fatal("a superseded draft counts as live: the product would never be drafted again")
		}
		ok, err := s.AddDraft(ctx, Draft{Kind: DraftDescription, ProductKey: "u-A", SKU: "A", Family: "shirts", Attribute: "description",
			Locale: "en_US", Value: `"new text"`, Rule: "r", Generator: "g", Model: "m", InputHash: "hA", Status: DraftPending, RunID: 2, Facts: `{}`})
		if err != nil || !ok {
			t.Fatalf("drafting facts A again: %v %v", ok, err)
		}
		if d := draftByID(t, s, a); d.Status != DraftPending || d.Value != `"new text"` || d.SupersededBy != 0 || d.RunID != 2 {
			t.Fatalf("the redrafted row: %+v", d)
		}
		if d := draftByID(t, s, b); d.Status != DraftSuperseded || d.SupersededBy != a {
			t.Fatalf("the draft of facts B is %s (superseded by %d)", d.Status, d.SupersededBy)
		}
	})
}

// TestKindsSupersedeEachOtherForASlot documents a decision (issue 6 item 1
// review): a description draft answers a missing value and a correction a
// present one, so a newer draft of either kind for the same slot means the
// value changed state, and the older open one, of the other kind, is stale.
func TestKindsSupersedeEachOtherForASlot(t *testing.T) {
	s := open(t)
	desc := addDraft(t, s, "A", "h1", DraftPending)
	ok, err := s.AddDraft(t.Context(), Draft{Kind: DraftCorrection, ProductKey: "u-A", SKU: "A", Family: "shirts", Attribute: "description",
		Locale: "en_US", Value: `"text"`, Rule: "trim", Generator: "rule", Model: "trim", InputHash: "c1", Status: DraftApproved, RunID: 2,
		Facts: `{"corrects":"\"text \""}`})
	if err != nil || !ok {
		t.Fatalf("add correction: %v %v", ok, err)
	}
	if d := draftByID(t, s, desc); d.Status != DraftSuperseded {
		t.Fatalf("the description draft of a slot that now has a value to correct is %s, want superseded", d.Status)
	}
}

package console

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// confirmForm reads the hidden fields of a bulk confirmation page's form,
// as a browser would submit them.
func confirmForm(t *testing.T, body string) url.Values {
	t.Helper()
	_, form, ok := strings.Cut(body, `action="/review/bulk"`)
	if !ok {
		t.Fatalf("the confirmation has no form: %s", body)
	}
	form, _, _ = strings.Cut(form, "</form>")
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(form, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// late adds a pending draft like like's, for another product, as a later
// pass of the same run does.
func (f *fixture) late(t *testing.T, like int64, sku string) []int64 {
	t.Helper()
	d := f.draft(t, like)
	d.ID, d.SKU, d.ProductKey, d.InputHash, d.Status = 0, sku, "p-"+sku, "late-"+sku, store.DraftPending
	if _, err := f.st.AddDraft(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := f.st.DB().GetContext(t.Context(), &id, `SELECT max(id) FROM drafts`); err != nil {
		t.Fatal(err)
	}
	return []int64{id}
}

// TestReviewBulkApprovesOnlyTheConfirmedSelection: a draft that joins the
// selection after the confirmation page (a new one, or an old row revived
// as pending by a later run) must not be approved unseen by that
// confirmation's form.
func TestReviewBulkApprovesOnlyTheConfirmedSelection(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{})
	confirm := f.get(t, ana, "/review/bulk?action=approve&family=shirts")
	if !strings.Contains(confirm.Body.String(), "Approve 2 draft(s)?") {
		t.Fatalf("confirmation: %d %s", confirm.Code, confirm.Body)
	}
	form := confirmForm(t, confirm.Body.String())
	late := f.late(t, ids[0], "LATE-1")
	w := f.post(t, ana, "/review/bulk", form)
	if d := f.draft(t, late[0]); d.Status != store.DraftPending {
		t.Errorf("draft %d, created after the confirmation showed 2, was %s by it", late[0], d.Status)
	}
	if w.Code != http.StatusConflict {
		t.Errorf("bulk approve of a changed selection: %d, want 409 asking to confirm again", w.Code)
	}
	for _, id := range ids {
		if d := f.draft(t, id); d.Status != store.DraftPending {
			t.Errorf("draft %d is %s: a refused bulk approval changed it", id, d.Status)
		}
	}
	again := confirmForm(t, f.get(t, ana, "/review/bulk?action=approve&family=shirts").Body.String())
	if w := f.post(t, ana, "/review/bulk", again); w.Code != http.StatusSeeOther {
		t.Fatalf("bulk approve after confirming again: %d %s", w.Code, w.Body)
	}
	if d := f.draft(t, late[0]); d.Status != store.DraftApproved {
		t.Errorf("the confirmed draft %d is %s", late[0], d.Status)
	}
}

// TestReviewBulkNeedsTheConfirmation: a bulk form posted without the
// confirmation's snapshot (a crafted POST) changes nothing.
func TestReviewBulkNeedsTheConfirmation(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	for _, action := range []string{"approve", "reject"} {
		w := f.post(t, ana, "/review/bulk", url.Values{"action": {action}, "reason": {"r"}})
		if w.Code != http.StatusBadRequest {
			t.Errorf("bulk %s without a confirmation: %d, want 400", action, w.Code)
		}
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftPending {
		t.Errorf("draft %d is %s", ids[0], d.Status)
	}
}

// TestReviewBulkRejectsOnlyTheConfirmedSelection: the same for rejection.
func TestReviewBulkRejectsOnlyTheConfirmedSelection(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	form := confirmForm(t, f.get(t, ana, "/review/bulk?action=reject&family=shirts").Body.String())
	late := f.late(t, ids[0], "LATE-1")
	form.Set("reason", "wrong tone")
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusConflict {
		t.Errorf("bulk reject of a changed selection: %d, want 409", w.Code)
	}
	if d := f.draft(t, late[0]); d.Status != store.DraftPending {
		t.Errorf("draft %d, created after the confirmation, was %s by it", late[0], d.Status)
	}
}

// TestReviewBulkIgnoresSmuggledFields: ids, an override, a flagged status
// or a paging cursor added to a confirmed bulk form approve no flagged
// draft; a draft flagged between the confirmation and the submission
// refuses the form.
func TestReviewBulkIgnoresSmuggledFields(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{}, seeded{Status: store.DraftFlagged, Reason: "the draft contains a link"})
	form := confirmForm(t, f.get(t, ana, "/review/bulk?action=approve&status=flagged").Body.String())
	for k, v := range map[string]string{"ids": itoa(ids[2]), "id": itoa(ids[2]), "IDs": itoa(ids[2]), "override": "1", "status": "flagged", "after": "0", "reason": "trust me"} {
		form.Set(k, v)
	}
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusSeeOther {
		t.Fatalf("bulk approve: %d %s", w.Code, w.Body)
	}
	if d := f.draft(t, ids[2]); d.Status != store.DraftFlagged || d.Override {
		t.Fatalf("the flagged draft is %s (override %v) after a bulk approval", d.Status, d.Override)
	}
	more := f.late(t, ids[0], "LATE-1")
	form = confirmForm(t, f.get(t, ana, "/review/bulk?action=approve").Body.String())
	if _, err := f.st.DB().ExecContext(t.Context(), `UPDATE drafts SET status = 'flagged', reason = 'late flag', updated_at = 'x' WHERE id = ?`, more[0]); err != nil {
		t.Fatal(err)
	}
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusConflict {
		t.Fatalf("bulk approve after a draft of it was flagged: %d, want 409", w.Code)
	}
	if d := f.draft(t, more[0]); d.Status != store.DraftFlagged {
		t.Fatalf("the draft flagged after the confirmation is %s", d.Status)
	}
}

// TestReviewBulkAuditNamesTheDrafts: the audit row of a bulk decision says
// which drafts it decided, so "who approved draft N" has an answer after a
// bulk approval too.
func TestReviewBulkAuditNamesTheDrafts(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"}, seeded{Family: "shoes"})
	if w := f.post(t, ana, "/review/bulk", confirmForm(t, f.get(t, ana, "/review/bulk?action=approve&family=shirts").Body.String())); w.Code != http.StatusSeeOther {
		t.Fatalf("bulk approve: %d", w.Code)
	}
	rej := confirmForm(t, f.get(t, ana, "/review/bulk?action=reject&family=shoes").Body.String())
	rej.Set("reason", "off brand")
	if w := f.post(t, ana, "/review/bulk", rej); w.Code != http.StatusSeeOther {
		t.Fatalf("bulk reject: %d", w.Code)
	}
	rs := f.decisions(t)
	if len(rs) != 2 {
		t.Fatalf("audit: %+v", rs)
	}
	want := map[string]string{store.AuditApproveSelection: `"ids":[` + itoa(ids[0]) + `,` + itoa(ids[1]) + `]`, store.AuditRejectSelection: `"ids":[` + itoa(ids[3]) + `]`}
	for _, r := range rs {
		if !strings.Contains(r.After, want[r.Action]) {
			t.Errorf("%s records %s, want the drafts %s", r.Action, r.After, want[r.Action])
		}
	}
}

// TestReviewBulkRejectTakesAStaleClaim: a draft left "pushing" by a push
// run that is no longer running is released and rejected like any approved
// draft; the confirmation counts it, so the form goes through.
func TestReviewBulkRejectTakesAStaleClaim(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{})
	if _, err := f.st.DB().ExecContext(t.Context(), `UPDATE drafts SET status = 'pushing', push_run = 999 WHERE id = ?`, ids[1]); err != nil {
		t.Fatal(err)
	}
	body := f.get(t, ana, "/review/bulk?action=reject").Body.String()
	if !strings.Contains(body, "Reject 2 draft(s)?") {
		t.Errorf("the confirmation does not count the stale claim: %s", body)
	}
	form := confirmForm(t, body)
	form.Set("reason", "off brand")
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusSeeOther {
		t.Fatalf("confirmed bulk reject with a stale claim: %d", w.Code)
	}
	for _, id := range ids {
		if d := f.draft(t, id); d.Status != store.DraftRejected {
			t.Errorf("draft %d is %s", id, d.Status)
		}
	}
}

// TestReviewBulkOffersOnlyWhatCanTakeTheShownDrafts: the flagged view
// offers no bulk approval (it would approve the pending drafts of the other
// filters, none of those shown), a view of closed drafts no bulk action.
func TestReviewBulkOffersOnlyWhatCanTakeTheShownDrafts(t *testing.T) {
	f := newFixture(t)
	f.seed(t, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"})
	for q, want := range map[string][2]bool{
		"": {true, true}, "status=": {true, true}, "status=pending": {true, true}, "status=flagged": {false, true},
		"status=approved": {false, true}, "status=rejected": {false, false}, "status=pushed": {false, false},
	} {
		body := f.get(t, ana, "/review?"+q).Body.String()
		if got := strings.Contains(body, "action=approve"); got != want[0] {
			t.Errorf("?%s offers bulk approval: %v, want %v", q, got, want[0])
		}
		if got := strings.Contains(body, "action=reject"); got != want[1] {
			t.Errorf("?%s offers bulk rejection: %v, want %v", q, got, want[1])
		}
	}
}

// TestReviewBulkDoubleSubmit: the same confirmed form submitted twice at
// once (a double click, two tabs) decides once; the other submission is
// refused as a changed selection, never a server error.
func TestReviewBulkDoubleSubmit(t *testing.T) {
	f := newFixture(t)
	f.seed(t, make([]seeded, 300)...)
	form := confirmForm(t, f.get(t, ana, "/review/bulk?action=approve").Body.String())
	codes := make(chan int, 4)
	for range 4 {
		go func() { codes <- f.post(t, ana, "/review/bulk", form).Code }()
	}
	got := map[int]int{}
	for range 4 {
		got[<-codes]++
	}
	if got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != 3 {
		t.Errorf("4 submissions of one confirmation answered %v, want one 303 and three 409", got)
	}
	if rs := f.decisions(t); len(rs) != 1 {
		t.Errorf("%d audit rows, want 1", len(rs))
	}
}

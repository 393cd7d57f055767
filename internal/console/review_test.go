package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

func TestReviewFilters(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t,
		seeded{SKU: "A-1"},
		seeded{SKU: "A-2", Kind: store.DraftCorrection, Rule: "case"},
		seeded{SKU: "B-1", Family: "shoes"},
		seeded{SKU: "B-2", Locale: "de_DE"},
		seeded{SKU: "C-1", Channel: "print"},
		seeded{SKU: "C-2", Status: store.DraftFlagged, Reason: "the draft contains a link (www.x.example)"},
		seeded{SKU: "D-1", Status: store.DraftFlagged, Reason: "the number 40 is not grounded"},
	)
	cases := []struct {
		query string
		want  []int64
	}{
		{"", ids[:5]},
		{"status=", ids},
		{"kind=correction", ids[1:2]},
		{"family=shoes", ids[2:3]},
		{"locale=de_DE", ids[3:4]},
		{"channel=print", ids[4:5]},
		{"rule=case", ids[1:2]},
		{"status=flagged", ids[5:7]},
		{"status=flagged&guardrail=link", ids[5:6]},
		{"sku=B-", ids[2:4]},
		{"sku=b-", nil},
		{"status=&family=shirts&locale=en_US&channel=ecommerce&kind=description", []int64{ids[0], ids[5], ids[6]}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			w := f.get(t, viewer, "/review?"+c.query)
			if w.Code != http.StatusOK {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if got := shownIDs(w.Body.String()); !slices.Equal(got, c.want) {
				t.Errorf("shown %v, want %v", got, c.want)
			}
		})
	}
	for _, bad := range []string{"kind=poem", "status=done", "after=x"} {
		if w := f.get(t, viewer, "/review?"+bad); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, w.Code)
		}
	}
}

func TestReviewCountsPerStatus(t *testing.T) {
	f := newFixture(t)
	f.seed(t, seeded{}, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"}, seeded{Family: "shoes"})
	body := f.get(t, viewer, "/review?family=shirts").Body.String()
	for _, want := range []string{">pending: 2<", ">flagged: 1<"} {
		if !strings.Contains(body, want) {
			t.Errorf("counts lack %s", want)
		}
	}
}

func TestReviewKeysetPaging(t *testing.T) {
	f := newFixture(t)
	ds := make([]seeded, 120)
	ids := f.seed(t, ds...)
	var seen []int64
	next := "/review?family=shirts"
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		body := f.get(t, viewer, next).Body.String()
		got := shownIDs(body)
		if len(got) > pageSize {
			t.Fatalf("page shows %d drafts", len(got))
		}
		seen = append(seen, got...)
		next = ""
		if i := strings.Index(body, `href="/review?`); i >= 0 {
			if j := strings.Index(body, "Next page"); j >= 0 {
				k := strings.LastIndex(body[:j], `href="`)
				next = strings.ReplaceAll(body[k+6:strings.Index(body[k+6:], `"`)+k+6], "&amp;", "&")
			}
		}
		if next != "" && !strings.Contains(next, "after=") {
			t.Fatalf("next link %q pages without a keyset cursor", next)
		}
	}
	if !slices.Equal(seen, ids) {
		t.Fatalf("pages showed %d drafts, want all %d once in order", len(seen), len(ids))
	}
}

func TestReviewApprove(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{})
	w := f.post(t, ana, "/review/"+itoa(ids[0])+"/approve", url.Values{"back": {"family=shirts"}})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/review?") || !strings.Contains(w.Header().Get("Location"), "family=shirts") {
		t.Fatalf("approve: %d %q", w.Code, w.Header().Get("Location"))
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftApproved || d.Reviewer != ana.Name {
		t.Fatalf("draft after approve: %s by %q", d.Status, d.Reviewer)
	}
	if d := f.draft(t, ids[1]); d.Status != store.DraftPending {
		t.Fatalf("the other draft is %s", d.Status)
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Action != store.AuditApprove || rs[0].Reviewer != ana.Name || rs[0].SubjectID != itoa(ids[0]) {
		t.Fatalf("audit: %+v", rs)
	}
}

func TestReviewReject(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	target := "/review/" + itoa(ids[0]) + "/reject"
	if w := f.post(t, ana, target, url.Values{"reason": {"  "}}); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "needs a reason") {
		t.Fatalf("reject without reason: %d", w.Code)
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftPending || len(f.decisions(t)) != 0 {
		t.Fatalf("a refused rejection changed the draft (%s) or was audited", d.Status)
	}
	if w := f.post(t, ana, target, url.Values{"reason": {"wrong colour"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d %s", w.Code, w.Body)
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftRejected || d.ReviewReason != "wrong colour" {
		t.Fatalf("draft after reject: %s %q", d.Status, d.ReviewReason)
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Action != store.AuditReject || rs[0].Reason != "wrong colour" || !strings.Contains(rs[0].Before, "soft cotton") {
		t.Fatalf("audit: %+v", rs)
	}
}

func TestReviewEditApprove(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{Text: "A soft cotton shirt in blue."})
	form := f.get(t, ana, "/review/"+itoa(ids[0])+"/edit")
	if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), "A soft cotton shirt in blue.</textarea>") {
		t.Fatalf("edit form: %d %s", form.Code, form.Body)
	}
	edited := "A soft blue cotton shirt."
	w := f.post(t, ana, "/review/"+itoa(ids[0])+"/edit", url.Values{"value": {edited}, "reason": {"tighter"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", w.Code, w.Body)
	}
	d := f.draft(t, ids[0])
	if d.Status != store.DraftApproved || d.Value != `"`+edited+`"` || d.Override {
		t.Fatalf("draft after edit: %s %s override=%v", d.Status, d.Value, d.Override)
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Action != store.AuditEditApprove || !strings.Contains(rs[0].Before, "A soft cotton shirt in blue.") || rs[0].After != d.Value {
		t.Fatalf("audit: %+v", rs)
	}
}

func TestReviewEditFlaggedByGuardrailIsRefused(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	for _, text := range []string{"Order now at www.shop.example for a soft shirt.", "A soft shirt, now 40% off.", "<b>Soft</b> shirt."} {
		w := f.post(t, ana, "/review/"+itoa(ids[0])+"/edit", url.Values{"value": {text}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "the guardrail flags this text") {
			t.Fatalf("edit %q: %d, want 422 with the verdict", text, w.Code)
		}
		if d := f.draft(t, ids[0]); d.Status != store.DraftPending || strings.Contains(d.Value, "soft shirt") || strings.Contains(d.Value, "Soft") {
			t.Fatalf("a flagged edit was stored: %s %s", d.Status, d.Value)
		}
	}
	if rs := f.decisions(t); len(rs) != 0 {
		t.Fatalf("a refused edit was audited: %+v", rs)
	}
}

func TestReviewFlaggedNeedsOverride(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{Status: store.DraftFlagged, Reason: "the number 40 is not grounded"})
	target := "/review/" + itoa(ids[0]) + "/approve"
	if w := f.post(t, ana, target, nil); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "is flagged") {
		t.Fatalf("approve flagged without override: %d %s", w.Code, w.Body)
	}
	if w := f.post(t, ana, target, url.Values{"override": {"1"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("override without reason: %d", w.Code)
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftFlagged {
		t.Fatalf("refused approvals changed the draft to %s", d.Status)
	}
	if w := f.post(t, ana, target, url.Values{"override": {"1"}, "reason": {"40 cm checked"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("override: %d %s", w.Code, w.Body)
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftApproved || !d.Override || d.ReviewReason != "40 cm checked" {
		t.Fatalf("after override: %+v", d)
	}
	if rs := f.decisions(t); len(rs) != 1 || rs[0].Action != store.AuditApproveOverride {
		t.Fatalf("audit: %+v", rs)
	}
}

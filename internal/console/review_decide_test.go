package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

var bob = webauth.Principal{Name: `bob "o'hara" <b>`, Role: webauth.Steward, Via: "oidc", CSRF: "csrf-bob"}

// failAudits makes every audit insert fail, as a disk error or a kill
// between the decision and its record would.
func (f *fixture) failAudits(t *testing.T) {
	t.Helper()
	if _, err := f.st.DB().ExecContext(t.Context(), `CREATE TRIGGER audit_fails BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'audit write failed'); END`); err != nil {
		t.Fatal(err)
	}
}

// TestReviewDecisionAndAuditCommitTogether: when the audit row cannot be
// written, no decision is: every decision's record is in its transaction.
func TestReviewDecisionAndAuditCommitTogether(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"}, seeded{Family: "bulk"}, seeded{Family: "bulk2"})
	bulkApprove := confirmForm(t, f.get(t, ana, "/review/bulk?action=approve&family=bulk").Body.String())
	bulkReject := confirmForm(t, f.get(t, ana, "/review/bulk?action=reject&family=bulk2").Body.String())
	bulkReject.Set("reason", "no")
	esc := f.conflict(t, "K1")
	f.cfg.Jobs = append(f.cfg.Jobs, productsJob)
	f.failAudits(t)
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/review/" + itoa(ids[0]) + "/approve", nil},
		{"/review/" + itoa(ids[1]) + "/reject", url.Values{"reason": {"no"}}},
		{"/review/" + itoa(ids[1]) + "/edit", url.Values{"value": {"A blue cotton shirt."}}},
		{"/review/" + itoa(ids[2]) + "/approve", url.Values{"override": {"1"}, "reason": {"checked"}}},
		{"/review/bulk", bulkApprove},
		{"/review/bulk", bulkReject},
		{"/escalations/" + itoa(esc) + "/resolve", url.Values{"take": {"source"}}},
		{"/escalations/" + itoa(esc) + "/dismiss", url.Values{"reason": {"dup"}}},
	} {
		if w := f.post(t, ana, c.path, c.form); w.Code < 500 {
			t.Errorf("POST %s with a failing audit: %d, want a server error", c.path, w.Code)
		}
	}
	want := []string{store.DraftPending, store.DraftPending, store.DraftFlagged, store.DraftPending, store.DraftPending}
	for i, id := range ids {
		if d := f.draft(t, id); d.Status != want[i] || d.Reviewer != "" || d.Value != `"A soft cotton shirt in blue."` {
			t.Errorf("draft %d is %s by %q (%s) though its audit row failed", id, d.Status, d.Reviewer, d.Value)
		}
	}
	if e, _ := f.st.GetEscalation(t.Context(), esc); e.Status != store.EscalationOpen || len(f.outbox(t)) != 0 {
		t.Errorf("escalation is %s with %d writes queued though its audit row failed", e.Status, len(f.outbox(t)))
	}
}

// TestReviewEditRefusals: only an open draft whose value can be edited is
// edited; a correction whose value is no canonical text, option, number or
// metric, and drafts that are being pushed, superseded, rejected or pushed,
// are refused and nothing changes.
func TestReviewEditRefusals(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{Kind: store.DraftCorrection}, seeded{}, seeded{}, seeded{}, seeded{})
	for i, st := range []string{store.DraftPushing, store.DraftSuperseded, store.DraftRejected, store.DraftPushed} {
		if _, err := f.st.DB().ExecContext(t.Context(), `UPDATE drafts SET status = ? WHERE id = ?`, st, ids[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	for i, id := range ids {
		before := f.draft(t, id)
		w := f.post(t, ana, "/review/"+itoa(id)+"/edit", url.Values{"value": {"A blue cotton shirt."}})
		if w.Code != http.StatusBadRequest && w.Code != http.StatusConflict {
			t.Errorf("edit draft %d (%s %s): %d, want a refusal", id, before.Kind, before.Status, w.Code)
		}
		says := strings.Replace(before.Status, store.DraftPushing, "being pushed", 1)
		if i > 0 && (w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), says)) {
			t.Errorf("the refusal to edit a %s draft does not say so: %d %s", before.Status, w.Code, w.Body)
		}
		if d := f.draft(t, id); d.Status != before.Status || d.Value != before.Value {
			t.Errorf("draft %d changed: %s %s", id, d.Status, d.Value)
		}
	}
	if rs := f.decisions(t); len(rs) != 0 {
		t.Errorf("refused edits were audited: %+v", rs)
	}
}

// TestReviewStalePageDecisionIsRefused: a steward deciding from a page
// that showed a draft as it no longer is (another steward approved or
// edited it since) is refused and told who decided; the other's decision
// stands.
func TestReviewStalePageDecisionIsRefused(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{})
	seen := map[int64]string{}
	for _, id := range ids {
		seen[id] = f.draft(t, id).UpdatedAt
	}
	page := f.get(t, bob, "/review").Body.String()
	if !strings.Contains(page, `name="seen" value="`+seen[ids[0]]+`"`) {
		t.Fatalf("the queue's forms do not carry the version they show")
	}
	if w := f.post(t, ana, "/review/"+itoa(ids[0])+"/edit", url.Values{"value": {"A blue cotton shirt."}, "seen": {seen[ids[0]]}}); w.Code != http.StatusSeeOther {
		t.Fatalf("ana's edit: %d %s", w.Code, w.Body)
	}
	if w := f.post(t, ana, "/review/"+itoa(ids[1])+"/approve", url.Values{"seen": {seen[ids[1]]}}); w.Code != http.StatusSeeOther {
		t.Fatalf("ana's approval: %d %s", w.Code, w.Body)
	}
	for _, c := range []struct {
		id   int64
		path string
		form url.Values
	}{
		{ids[0], "/approve", url.Values{}},
		{ids[0], "/edit", url.Values{"value": {"A soft blue shirt."}}},
		{ids[1], "/approve", url.Values{}},
	} {
		c.form.Set("seen", seen[c.id])
		w := f.post(t, bob, "/review/"+itoa(c.id)+c.path, c.form)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), ana.Name) {
			t.Errorf("bob's %s of draft %d from a stale page: %d, want 409 naming %s", c.path, c.id, w.Code, ana.Name)
		}
	}
	if d := f.draft(t, ids[0]); d.Reviewer != ana.Name || d.Value != `"A blue cotton shirt."` {
		t.Errorf("draft %d: %s by %s, %s", ids[0], d.Status, d.Reviewer, d.Value)
	}
	if d := f.draft(t, ids[1]); d.Reviewer != ana.Name {
		t.Errorf("draft %d approved by %s, want %s", ids[1], d.Reviewer, ana.Name)
	}
	if rs := f.decisions(t); len(rs) != 2 {
		t.Errorf("%d audit rows, want ana's 2", len(rs))
	}
}

var nextLink = regexp.MustCompile(`<a href="(/review\?[^"]*)">Next page`)

// TestReviewPagingStableWhileRowsChange: drafts decided (leaving the
// pending filter) or added while a steward pages neither skip nor repeat a
// draft that stays in the filter.
func TestReviewPagingStableWhileRowsChange(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, make([]seeded, 120)...)
	first := f.get(t, ana, "/review").Body.String()
	if got := shownIDs(first); len(got) != pageSize || got[0] != ids[0] {
		t.Fatalf("first page: %v", got)
	}
	for _, id := range ids[:10] {
		if w := f.post(t, bob, "/review/"+itoa(id)+"/approve", nil); w.Code != http.StatusSeeOther {
			t.Fatal(w.Code)
		}
	}
	f.late(t, ids[0], "LATE-1")
	m := nextLink.FindStringSubmatch(first)
	if m == nil {
		t.Fatal("no next link")
	}
	second := shownIDs(f.get(t, ana, strings.ReplaceAll(m[1], "&amp;", "&")).Body.String())
	if len(second) != pageSize || second[0] != ids[pageSize] {
		t.Fatalf("second page starts at %v, want draft %d", second[:1], ids[pageSize])
	}
}

// TestReviewAuditValues: each decision's audit row holds the draft as it
// was (status and value) and what it now holds for a push; the audit page
// shows them with the time's zone.
func TestReviewAuditValues(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{Text: "One."}, seeded{Text: "Two."}, seeded{Text: "Three.", Status: store.DraftFlagged, Reason: "x"})
	steps := []struct {
		path   string
		form   url.Values
		action string
		after  string
	}{
		{"/review/" + itoa(ids[0]) + "/approve", nil, store.AuditApprove, `"One."`},
		{"/review/" + itoa(ids[1]) + "/reject", url.Values{"reason": {"dull"}}, store.AuditReject, ``},
		{"/review/" + itoa(ids[2]) + "/approve", url.Values{"override": {"1"}, "reason": {"fine"}}, store.AuditApproveOverride, `"Three."`},
	}
	for i, s := range steps {
		if w := f.post(t, ana, s.path, s.form); w.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d", s.path, w.Code)
		}
		rs := f.decisions(t)
		r := rs[0]
		d := f.draft(t, ids[i])
		wantBefore := map[int]string{0: `{"status":"pending","value":"One."}`, 1: `{"status":"pending","value":"Two."}`, 2: `{"status":"flagged","value":"Three."}`}[i]
		if r.Action != s.action || r.Before != wantBefore || r.After != s.after || r.Reviewer != ana.Name || r.SubjectID != itoa(ids[i]) {
			t.Errorf("%s: audit %+v, want before %s after %q", s.path, r, wantBefore, s.after)
		}
		if r.At == "" || d.Reviewer != ana.Name {
			t.Errorf("%s: audit at %q, draft reviewed by %q", s.path, r.At, d.Reviewer)
		}
	}
	body := f.get(t, viewer, "/audit").Body.String()
	for _, want := range []string{"UTC", "dull", "fine", quoted(`{"status":"flagged","value":"Three."}`)} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit page lacks %s", want)
		}
	}
}

func quoted(s string) string { return strings.ReplaceAll(s, `"`, "&#34;") }

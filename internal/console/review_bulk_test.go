package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

func TestBulkApproveNeverTakesFlagged(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t,
		seeded{}, seeded{}, seeded{},
		seeded{Status: store.DraftFlagged, Reason: "the draft contains a link (www.x.example)"},
		seeded{Status: store.DraftFlagged, Reason: "the number 40 is not grounded"},
		seeded{Family: "shoes"},
	)
	confirm := f.get(t, ana, "/review/bulk?action=approve&family=shirts&status=pending")
	body := confirm.Body.String()
	if confirm.Code != http.StatusOK || !strings.Contains(body, "Approve 3 draft(s)?") || !strings.Contains(body, "2 flagged draft(s) in this selection will be <strong>skipped") {
		t.Fatalf("confirmation: %d %s", confirm.Code, body)
	}
	if d := f.draft(t, ids[0]); d.Status != store.DraftPending {
		t.Fatal("the confirmation page changed a draft")
	}
	form := confirmForm(t, body)
	if form.Get("family") != "shirts" || form.Get("action") != "approve" || form.Has("status") {
		t.Fatalf("the confirmation's form carries %v", form)
	}
	w := f.post(t, ana, "/review/bulk", form)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("bulk approve: %d %s", w.Code, w.Body)
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	if q := loc.Query(); q.Get("n") != "3" || q.Get("m") != "2" {
		t.Fatalf("redirect %s: want 3 approved, 2 skipped", loc)
	}
	want := []string{store.DraftApproved, store.DraftApproved, store.DraftApproved, store.DraftFlagged, store.DraftFlagged, store.DraftPending}
	for i, id := range ids {
		if d := f.draft(t, id); d.Status != want[i] {
			t.Errorf("draft %d is %s, want %s", id, d.Status, want[i])
		}
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Action != store.AuditApproveSelection || rs[0].SubjectID != "family=shirts" || !strings.Contains(rs[0].After, `"skipped_flagged":2`) {
		t.Fatalf("audit: %+v", rs)
	}
	if page := f.get(t, ana, loc.String()).Body.String(); !strings.Contains(page, "3 draft(s) approved; 2 flagged draft(s) skipped") {
		t.Errorf("the queue does not say what the bulk approval did")
	}
}

func TestBulkRejectNeedsReason(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"})
	if w := f.post(t, ana, "/review/bulk", url.Values{"action": {"reject"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("bulk reject without reason: %d", w.Code)
	}
	form := confirmForm(t, f.get(t, ana, "/review/bulk?action=reject").Body.String())
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusBadRequest {
		t.Fatalf("confirmed bulk reject without reason: %d", w.Code)
	}
	form.Set("reason", "wrong tone")
	if w := f.post(t, ana, "/review/bulk", form); w.Code != http.StatusSeeOther {
		t.Fatalf("bulk reject: %d %s", w.Code, w.Body)
	}
	for _, id := range ids {
		if d := f.draft(t, id); d.Status != store.DraftRejected || d.ReviewReason != "wrong tone" {
			t.Errorf("draft %d: %s %q", id, d.Status, d.ReviewReason)
		}
	}
	if rs := f.decisions(t); len(rs) != 1 || rs[0].Action != store.AuditRejectSelection {
		t.Fatalf("audit: %+v", rs)
	}
}

func TestReviewEscapesProductText(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{Text: `Nice <script>alert("draft")</script> shirt`, Current: `<img src=x onerror=alert(1)>old`,
		Status: store.DraftFlagged, Reason: `the draft contains markup (<script>)`, SKU: `<b>SKU</b>`})
	for _, target := range []string{"/review?status=", "/review/" + itoa(ids[0]) + "/edit"} {
		body := f.get(t, ana, target).Body.String()
		for _, live := range []string{`<script>alert`, `<img src=x`, `<b>SKU`} {
			if strings.Contains(body, live) {
				t.Errorf("%s renders %s live", target, live)
			}
		}
		if !strings.Contains(body, `&lt;script&gt;alert(&#34;draft&#34;)&lt;/script&gt;`) && !strings.Contains(body, `&lt;script&gt;alert(&#34;draft&#34;)`) {
			t.Errorf("%s does not show the draft's text", target)
		}
		if strings.Count(body, "<script>") > 1 {
			t.Errorf("%s has a script besides the shortcuts", target)
		}
	}
}

func TestViewerSeesNoDecisionForms(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	body := f.get(t, viewer, "/review").Body.String()
	if len(shownIDs(body)) != 1 {
		t.Fatal("the viewer does not see the draft")
	}
	for _, form := range []string{`/approve"`, `/reject"`, `/review/bulk`} {
		if strings.Contains(body, form) {
			t.Errorf("a viewer is offered %s", form)
		}
	}
	if w := f.post(t, viewer, "/review/"+itoa(ids[0])+"/approve", nil); w.Code != http.StatusForbidden {
		t.Errorf("a viewer's approval: %d, want 403", w.Code)
	}
}

func TestNoPageRendersASecret(t *testing.T) {
	f := newFixture(t)
	const canary = "canary-7f3a9c2e-secret"
	ids := f.seed(t, seeded{})
	f.cfg.Privacy.Key = config.NewSecret(canary)
	f.cfg.Systems = map[string]config.System{"pim": {Kind: "akeneo", Auth: config.Auth{Type: "basic", Password: config.NewSecret(canary), Token: config.NewSecret(canary)}}}
	op := webauth.Principal{Name: "op", Role: webauth.Operator, CSRF: "c"}
	for _, rt := range f.srv.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method != http.MethodGet {
			continue
		}
		path = strings.ReplaceAll(strings.TrimSuffix(path, "{$}"), "{id}", itoa(ids[0]))
		if body := f.get(t, op, path+"?action=approve").Body.String(); strings.Contains(body, canary) {
			t.Errorf("GET %s renders a secret", path)
		}
	}
}

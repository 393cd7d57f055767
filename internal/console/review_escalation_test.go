package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestReviewEscalationDecidedTwice: a second steward deciding from a stale
// page is refused and told who decided; the first decision stands.
func TestReviewEscalationDecidedTwice(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K1")
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"take": {"source"}}); w.Code != http.StatusOK {
		t.Fatalf("first decision: %d", w.Code)
	}
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/resolve", url.Values{"take": {"target"}}},
		{"/resolve", url.Values{"take": {"fields"}, "f.email": {"target"}, "f.phone": {"target"}}},
		{"/dismiss", url.Values{"reason": {"dup"}}},
	} {
		w := f.post(t, bob, "/escalations/"+itoa(id)+c.path, c.form)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), ana.Name) {
			t.Errorf("second decision %s: %d, want 409 naming %s: %s", c.path, w.Code, ana.Name, w.Body)
		}
	}
	e, _ := f.st.GetEscalation(t.Context(), id)
	if e.Status != store.EscalationResolved || e.DecidedBy != ana.Name || len(f.decisions(t)) != 1 || len(f.outbox(t)) != 1 {
		t.Errorf("after refused second decisions: %s by %s, %d audit rows, %d writes", e.Status, e.DecidedBy, len(f.decisions(t)), len(f.outbox(t)))
	}
}

// TestReviewEscalationChangedSincePageIsRefused: a rerun updates an open
// escalation's versions in place; a decision taken on the page that showed
// the old versions is refused, so no value the steward never saw is
// written.
func TestReviewEscalationChangedSincePageIsRefused(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K1")
	page := f.get(t, ana, "/escalations/"+itoa(id)).Body.String()
	e, _ := f.st.GetEscalation(t.Context(), id)
	if !strings.Contains(page, `name="seen" value="`+e.UpdatedAt+`"`) {
		t.Errorf("the decision forms do not carry the version they show")
	}
	e.TargetVersion = `{"email":"changed@example.com","phone":"+49 30 2","name":"ACME"}`
	if err := f.st.Escalate(t.Context(), []store.Escalation{e}); err != nil {
		t.Fatal(err)
	}
	w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"take": {"target"}, "seen": {e.UpdatedAt}})
	if w.Code != http.StatusConflict {
		t.Errorf("a decision on versions changed since the page: %d, want 409", w.Code)
	}
	if now, _ := f.st.GetEscalation(t.Context(), id); now.Status != store.EscalationOpen || len(f.outbox(t)) != 0 {
		t.Errorf("escalation %s, %d writes queued from a stale page", now.Status, len(f.outbox(t)))
	}
	now, _ := f.st.GetEscalation(t.Context(), id)
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"take": {"target"}, "seen": {now.UpdatedAt}}); w.Code != http.StatusOK {
		t.Fatalf("a decision on the current page: %d %s", w.Code, w.Body)
	}
}

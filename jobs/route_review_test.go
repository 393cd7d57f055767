package jobs

import (
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// TestReviewRoutedLeadLeavesNoOpenEscalation: a lead escalated by one run
// (no product) and routed by a later run after its inquiry changed (it now
// names SKU-1) must not keep its open lead_routing escalation: resolving
// that stale escalation would write a second owner over the routing.
func TestReviewRoutedLeadLeavesNoOpenEscalation(t *testing.T) {
	r, c, st := routeFixture(t)
	runLeads(t, r)
	c.mu.Lock()
	for _, v := range c.entities["contacts"] {
		if l := v.(*transform.Lead); l.ID == "l5" {
			l.Message = "A quote for SKU-1 please."
		}
	}
	c.mu.Unlock()
	runLeads(t, r)
	if w := c.written["l5"]; string(w["owner"]) != `"rep1@example.com"` {
		t.Fatalf("l5 after its inquiry named SKU-1: written %v, want routed to rep1", w)
	}
	es, err := st.Escalations(t.Context(), store.EscalationFilter{Job: "leads"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.SourceKey == "l5" && e.Status == store.EscalationOpen {
			t.Errorf("escalation %d of l5 is still open (%s) although the lead was routed automatically", e.ID, e.Reason)
		}
	}
}

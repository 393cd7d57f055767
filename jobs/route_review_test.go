package jobs

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// TestReviewEmptyCatalogEscalatesNothingForGood: a leads run before the
// catalog's products job has staged anything finds no product for any lead.
// Escalating them all as no_product marks them derived with those inputs,
// so no later run routes them once the catalog is there. Such a run must
// fail (or leave the leads for a later run) instead.
func TestReviewEmptyCatalogEscalatesNothingForGood(t *testing.T) {
	r, _, _ := routeFixture(t)
	// The same config on a fresh state where only the companies job ran.
	f := *r.Config
	f.Staging.SQLite = filepath.Join(t.TempDir(), "fresh.db")
	fresh, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fresh.Close() })
	r2 := &Runner{Config: &f, Store: fresh, Kinds: r.Kinds, Settings: r.Settings, Log: r.Log}
	if _, err := r2.Run(t.Context(), Request{Job: "companies", Trigger: store.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	_, err = r2.Run(t.Context(), Request{Job: "leads", Trigger: store.TriggerManual})
	es, _ := fresh.Escalations(t.Context(), store.EscalationFilter{Job: "leads"})
	noProduct := 0
	for _, e := range es {
		if strings.HasPrefix(e.Reason, "no_product") {
			noProduct++
		}
	}
	if err == nil && noProduct > 2 {
		t.Errorf("a leads run over an empty catalog escalated %d leads as no_product (run error %v); want a failed run or the leads left for a run with a catalog", noProduct, err)
	}
}

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

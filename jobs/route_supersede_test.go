package jobs

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// TestLeadRoutedAfterEscalationSupersedesIt: the open lead_routing
// escalation of a lead the router later routes on its own is closed as
// superseded by that run (by steward, with the run in its reason), and a
// person's decision on it is refused; the other lead's escalation stays open.
func TestLeadRoutedAfterEscalationSupersedesIt(t *testing.T) {
	r, c, st := routeFixture(t)
	runLeads(t, r)
	c.mu.Lock()
	for _, v := range c.entities["contacts"] {
		if l := v.(*transform.Lead); l.ID == "l5" {
			l.Message = "A quote for SKU-1 please."
		}
	}
	c.mu.Unlock()
	res := runLeads(t, r)
	es, err := st.Escalations(t.Context(), store.EscalationFilter{Job: "leads"})
	if err != nil || len(es) != 2 {
		t.Fatalf("escalations %v, %v; want l4's and l5's", es, err)
	}
	var l5 store.Escalation
	for _, e := range es {
		switch {
		case e.SourceKey == "l5":
			l5 = e
		case e.Status != store.EscalationOpen:
			t.Errorf("escalation %d of %s was closed too (%s)", e.ID, e.SourceKey, e.Status)
		}
	}
	want := "routed automatically by run " + strconv.FormatInt(res.RunID, 10)
	if l5.Status != store.EscalationSuperseded || l5.Reason != want || l5.DecidedBy != "steward" {
		t.Fatalf("l5's escalation: status %q, reason %q, by %q; want superseded, %q, by steward", l5.Status, l5.Reason, l5.DecidedBy, want)
	}
	_, err = transform.Plan(t.Context(), st, r.Config, transform.Leads, l5, transform.Choice{Owner: "rep2@example.com", By: "ana"})
	if err == nil {
		err = st.Decide(t.Context(), store.Decision{ID: l5.ID, Status: store.EscalationResolved, By: "ana"})
	}
	if !errors.Is(err, store.ErrEscalationClosed) && (err == nil || !strings.Contains(err.Error(), "superseded")) {
		t.Errorf("deciding the superseded escalation: %v; want it refused as closed", err)
	}
}

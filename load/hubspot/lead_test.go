package hubspot_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/load"
)

// TestLeadRoutingUpdatesContacts: a routing is written to the contact with
// the owner's e-mail mapped to its owner id (GET /crm/v3/owners), lists
// joined, and model and reasons always; a rerun is unchanged; an unknown
// owner, a routing without its model, and a lead's own field are rejected.
func TestLeadRoutingUpdatesContacts(t *testing.T) {
	cat := catalog.New(60, 1)
	e, h := portal(cat)
	c, ok := e.Find("contacts", "email", cat.Leads()[0].Email)
	if !ok {
		t.Fatal("the seeded lead is not a contact")
	}
	id := c.ID
	l := loaderFor(t, h, "leads", 100)
	routing := fields("owner", `"rep3@sandbox.example"`, "score", `"85"`, "model", `"steward-router/1"`, "reasons", `["+40 names SKU-1","+25 fits"]`,
		"matched_products", `["SKU-1","SKU-2"]`, "next_steps", `"Reply within one business day."`)
	items := []load.Item{{ID: 1, ExternalID: id, Fields: routing},
		{ID: 2, ExternalID: id, Fields: fields("owner", `"nobody@sandbox.example"`, "model", `"m"`, "reasons", `["r"]`)},
		{ID: 3, ExternalID: id, Fields: fields("owner", `"rep1@sandbox.example"`, "score", `"70"`)},
		{ID: 4, ExternalID: id, Fields: fields("email", `"x@y.example"`, "model", `"m"`, "reasons", `["r"]`)}}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{load.Written, load.Rejected, load.Rejected, load.Rejected}
	for i, o := range out {
		if o.Status != want[i] {
			t.Errorf("item %d: %s (%s), want %s", i+1, o.Status, o.Reason, want[i])
		}
	}
	for _, w := range []string{"nobody@sandbox.example", "model and reasons", "field email is not written"} {
		if !strings.Contains(out[1].Reason+out[2].Reason+out[3].Reason, w) {
			t.Errorf("reasons %q lack %q", []string{out[1].Reason, out[2].Reason, out[3].Reason}, w)
		}
	}
	rec, _ := e.Get("contacts", id)
	props := rec.Properties
	if props["hubspot_owner_id"] != e.OwnerID("rep3@sandbox.example") || props["steward_matched_products"] != "SKU-1, SKU-2" ||
		props["steward_score_reasons"] != "+40 names SKU-1; +25 fits" || props["steward_score_model"] != "steward-router/1" || props["steward_score"] != "85" {
		t.Errorf("contact holds %v", props)
	}
	again, err := l.Write(t.Context(), items[:1])
	if err != nil || again[0].Status != load.Unchanged {
		t.Errorf("rerun: %+v %v; want unchanged", again, err)
	}
	byID := fields("owner", `"`+e.OwnerID("rep2@sandbox.example")+`"`, "model", `"person:ana"`, "reasons", `["assigned by ana"]`)
	if out, err := l.Write(t.Context(), []load.Item{{ID: 5, ExternalID: id, Fields: byID}}); err != nil || out[0].Status != load.Written {
		t.Errorf("an owner id: %+v %v; want written", out, err)
	}
}

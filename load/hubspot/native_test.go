package hubspot_test

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/load"
)

// TestCustomerUpdatedByNativeID: a company lacking the external id, known
// by its object id (the crosswalked record), is updated by id (batch/update)
// and given the external-id property; nothing is created, a later upsert by
// the external id finds it unchanged, and an id HubSpot does not hold is
// rejected, not created.
func TestCustomerUpdatedByNativeID(t *testing.T) {
	cat := catalog.New(5, 1)
	e, h := portal(cat)
	id, err := e.Put("companies", map[string]string{"name": "Acme GmbH", "city": "Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	before := e.Count("companies")
	l := loaderFor(t, h, "customers", 100)
	items := []load.Item{
		{ID: 1, ExternalID: "C-000777", UUID: id, Fields: fields("city", `"Kiel"`)},
		{ID: 2, ExternalID: "C-000778", UUID: "999999999", Fields: fields("city", `"Bonn"`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected {
		t.Fatalf("outcomes %+v", out)
	}
	if n := e.Count("companies"); n != before {
		t.Errorf("HubSpot holds %d companies, want %d (nothing created)", n, before)
	}
	r, ok := e.Get("companies", id)
	if !ok || r.Properties["city"] != "Kiel" || r.Properties["steward_external_id"] != "C-000777" || r.Properties["name"] != "Acme GmbH" {
		t.Errorf("company %+v: want Kiel and external id C-000777", r.Properties)
	}
	again, err := l.Write(t.Context(), []load.Item{{ID: 3, ExternalID: "C-000777", Fields: fields("city", `"Kiel"`)}})
	if err != nil || again[0].Status != load.Unchanged || e.Count("companies") != before {
		t.Errorf("upsert by the external id after: %+v %v, %d companies", again, err, e.Count("companies"))
	}
}

package salesforce_test

import (
	"encoding/json"
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestCustomerUpdatedByNativeID: an Account lacking the external id, known
// by its Id (the crosswalked record), is updated by Id (PATCH
// /composite/sobjects) and given the external id; nothing is created, and a
// later write by the external id alone finds it. An Id the org does not
// hold is rejected, not created.
func TestCustomerUpdatedByNativeID(t *testing.T) {
	e := newOrg()
	id, err := e.Put("Account", map[string]any{"Name": "Acme GmbH", "BillingCity": "Berlin", "VAT_ID__c": "DE123"})
	if err != nil {
		t.Fatal(err)
	}
	l := onEmulator(t, e, "customers", "{}")
	items := []load.Item{
		{ID: 1, ExternalID: "C-000001", UUID: id, Fields: map[string]json.RawMessage{"city": raw("Kiel")}},
		{ID: 2, ExternalID: "C-000002", UUID: "001000000000099AAA", Fields: map[string]json.RawMessage{"city": raw("Bonn")}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected {
		t.Fatalf("outcomes %q %v", statuses(out), out)
	}
	if n := len(e.IDs("Account")); n != 1 {
		t.Errorf("the org holds %d accounts, want 1 (nothing created)", n)
	}
	acc, _ := e.Record("Account", id)
	if acc["BillingCity"] != "Kiel" || acc["External_ID__c"] != "C-000001" || acc["Name"] != "Acme GmbH" {
		t.Errorf("account %v: want Kiel and external id C-000001", acc)
	}
	again, err := l.Write(t.Context(), []load.Item{{ID: 3, ExternalID: "C-000001", Fields: map[string]json.RawMessage{"city": raw("Kiel")}}})
	if err != nil || again[0].Status != load.Unchanged || len(e.IDs("Account")) != 1 {
		t.Errorf("write by the external id after: %q %v, %d accounts", statuses(again), err, len(e.IDs("Account")))
	}
}

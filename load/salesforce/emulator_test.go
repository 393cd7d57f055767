package salesforce_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
	"github.com/stewardhq/steward/load"
	loader "github.com/stewardhq/steward/load/salesforce"
)

// onEmulator builds the loader of dataType against an emulated org.
func onEmulator(t *testing.T, e *emulator.Emulator, dataType, settings string) *loader.Loader {
	t.Helper()
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return loaderAt(t, srv.URL, dataType, settings)
}

func newOrg() *emulator.Emulator {
	return emulator.New(emulator.Options{ClientID: "cid", ClientSecret: "secret"})
}

// find returns the record of obj whose field equals v.
func find(e *emulator.Emulator, obj, field, v string) map[string]any {
	for _, id := range e.IDs(obj) {
		if r, ok := e.Record(obj, id); ok && fmt.Sprint(r[field]) == v {
			return r
		}
	}
	return nil
}

// TestEmulatorCustomers: write, reread, rerun writes nothing new, rejects
// become outcomes with the org's code.
func TestEmulatorCustomers(t *testing.T) {
	e := newOrg()
	l := onEmulator(t, e, "customers", "{}")
	items := []load.Item{
		{ID: 1, ExternalID: "C-000001", Fields: map[string]json.RawMessage{"name": raw("Acme GmbH"), "city": raw("Berlin"), "vat_id": raw("DE123"), "postal_code": raw("10115")}},
		{ID: 2, ExternalID: "C-000002", Fields: map[string]json.RawMessage{"city": raw("Bonn")}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "REQUIRED_FIELD_MISSING") {
		t.Fatalf("outcomes %q", statuses(out))
	}
	acc := find(e, "Account", "External_ID__c", "C-000001")
	if acc == nil || acc["BillingCity"] != "Berlin" || acc["VAT_ID__c"] != "DE123" || acc["Name"] != "Acme GmbH" {
		t.Fatalf("account %v", acc)
	}
	stamp := acc["SystemModstamp"]
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %q %v", statuses(out), err)
	}
	if again := find(e, "Account", "External_ID__c", "C-000001"); again["SystemModstamp"] != stamp {
		t.Fatalf("the rerun wrote: %v → %v", stamp, again["SystemModstamp"])
	}
}

// TestEmulatorCustomersBulk writes above bulk_threshold as one ingest job.
func TestEmulatorCustomersBulk(t *testing.T) {
	e := newOrg()
	l := onEmulator(t, e, "customers", "{bulk_threshold: 2, bulk_batch_size: 10}")
	var items []load.Item
	for i := range 4 {
		items = append(items, load.Item{ID: int64(i), ExternalID: fmt.Sprintf("C-%d", i), Fields: map[string]json.RawMessage{"name": raw(fmt.Sprintf("Co %d, \"x\"", i))}})
	}
	items[3].Fields = map[string]json.RawMessage{"city": raw("Köln")}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[2].Status != load.Written || out[3].Status != load.Rejected || out[3].Reason == "" {
		t.Fatalf("outcomes %q", statuses(out))
	}
	if r := find(e, "Account", "External_ID__c", "C-1"); r == nil || r["Name"] != `Co 1, "x"` {
		t.Fatalf("account %v", r)
	}
}

// TestEmulatorLeadScores updates a lead's score fields only.
func TestEmulatorLeadScores(t *testing.T) {
	e := newOrg()
	id, err := e.Put("Lead", map[string]any{"LastName": "Doe", "Company": "Acme", "Email": "jo@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	l := onEmulator(t, e, "lead_scores", "{}")
	items := []load.Item{scoreItem(1, id, "87.5", "scorer-v2", "asked for a quote", "known account"), scoreItem(2, "00Q5g0000000099AAA", "10", "scorer-v2", "r"), scoreItem(3, "00Q5g0000000099EAA", "10", "scorer-v2", "r")}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || !strings.Contains(out[1].Reason, "not a valid Lead Id") || !strings.Contains(out[2].Reason, "no Lead with Id") {
		t.Fatalf("outcomes %q", statuses(out))
	}
	r, _ := e.Record("Lead", id)
	if fmt.Sprint(r["Steward_Score__c"]) != "87.5" || r["Steward_Score_Model__c"] != "scorer-v2" || r["Steward_Score_Reasons__c"] != "asked for a quote; known account" || r["Email"] != "jo@acme.example" {
		t.Fatalf("lead %v", r)
	}
	if out, err = l.Write(t.Context(), items[:1]); err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %q %v", statuses(out), err)
	}
}

// TestEmulatorProducts upserts Product2 and its standard price book entry.
func TestEmulatorProducts(t *testing.T) {
	e := newOrg()
	l := onEmulator(t, e, "products", "{}")
	items := []load.Item{productItem(1, "SKU-1", "Pump", "1234.50")}
	out, err := l.Write(t.Context(), items)
	if err != nil || out[0].Status != load.Written {
		t.Fatalf("%q %v", statuses(out), err)
	}
	p := find(e, "Product2", "External_ID__c", "SKU-1")
	pe := find(e, "PricebookEntry", "External_ID__c", "SKU-1-EUR")
	if p == nil || p["ProductCode"] != "SKU-1" || pe == nil || fmt.Sprint(pe["UnitPrice"]) != "1234.5" && fmt.Sprint(pe["UnitPrice"]) != "1234.50" || pe["Product2Id"] != p["Id"] {
		t.Fatalf("product %v entry %v", p, pe)
	}
	if out, err = l.Write(t.Context(), items); err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %q %v", statuses(out), err)
	}
	if out, err = l.Write(t.Context(), []load.Item{productItem(1, "SKU-1", "Pump", "1299.00")}); err != nil || out[0].Status != load.Written {
		t.Fatalf("price change %q %v", statuses(out), err)
	}
}

// TestEmulatorBulkScoresAndProducts: lead scores (update by Id) and
// products (Product2 upsert, then price book entries) above bulk_threshold
// go through ingest jobs.
func TestEmulatorBulkScoresAndProducts(t *testing.T) {
	e := newOrg()
	var leads []load.Item
	for i := range 3 {
		id, err := e.Put("Lead", map[string]any{"LastName": fmt.Sprintf("Doe %d", i), "Company": "Acme"})
		if err != nil {
			t.Fatal(err)
		}
		leads = append(leads, scoreItem(int64(i), id, fmt.Sprintf("%d.5", 10*i), "scorer-v2", "r"))
	}
	out, err := onEmulator(t, e, "lead_scores", "{bulk_threshold: 2, bulk_batch_size: 10}").Write(t.Context(), leads)
	if err != nil || out[2].Status != load.Written {
		t.Fatalf("scores %q %v", statuses(out), err)
	}
	if r, _ := e.Record("Lead", leads[2].ExternalID); fmt.Sprint(r["Steward_Score__c"]) != "20.5" || r["Steward_Score_Model__c"] != "scorer-v2" {
		t.Fatalf("lead %v", r)
	}
	prods := []load.Item{productItem(1, "SKU-1", "Pump", "10.00"), productItem(2, "SKU-2", "Pipe", "2.50"), productItem(3, "SKU-3", "Valve", "3.25")}
	out, err = onEmulator(t, e, "products", "{bulk_threshold: 2, bulk_batch_size: 10}").Write(t.Context(), prods)
	if err != nil || out[0].Status != load.Written || out[2].Status != load.Written {
		t.Fatalf("products %q %v", statuses(out), err)
	}
	if pe := find(e, "PricebookEntry", "External_ID__c", "SKU-3-EUR"); pe == nil || fmt.Sprint(pe["UnitPrice"]) != "3.25" {
		t.Fatalf("entry %v", pe)
	}
}

// TestEmulatorCurrent lists accounts with an external id and the owned
// fields (the test target owns name) in canonical form.
func TestEmulatorCurrent(t *testing.T) {
	e := newOrg()
	if _, err := e.Put("Account", map[string]any{"Name": "Acme", "External_ID__c": "C-1", "BillingCity": "Berlin"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Put("Account", map[string]any{"Name": "No key"}); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	err := onEmulator(t, e, "customers", "{}").Current(t.Context(), func(k string, f map[string]json.RawMessage) error {
		got[k] = string(f["name"]) + "|" + string(f["city"])
		return nil
	})
	if err != nil || len(got) != 1 || got["C-1"] != `"Acme"|` {
		t.Fatalf("current %v, %v", got, err)
	}
}

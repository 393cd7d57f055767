package salesforce

import "testing"

// TestSingleUpsertSeveralMatchesListsTheirURLs: when the external id value
// of a single upsert matches several records, Salesforce answers 300 with
// the list of the matching records (REST API guide "Insert or Update
// (Upsert) a Record Using an External ID": "REST API returns a 300 response
// with the list of matching records"), a JSON array of their URLs, not an
// error array; nothing is written.
func TestSingleUpsertSeveralMatchesListsTheirURLs(t *testing.T) {
	f := start(t, 0)
	path := v + "/sobjects/Product2/External_ID__c/SKU-1"
	expect(t, f.call(t, "PATCH", path, `{"Name":"one"}`), 201, "")
	f.e.mu.Lock()
	dup := *f.e.tables["Product2"].recs[makeID("01t", 1)]
	dup.ID = makeID("01t", 2)
	f.e.tables["Product2"].put(dup.ID, &dup) // planted: two records share the value
	f.e.mu.Unlock()
	expect(t, f.call(t, "PATCH", path, `{"Name":"dos"}`), 300,
		`["`+v+`/sobjects/Product2/`+makeID("01t", 1)+`","`+v+`/sobjects/Product2/`+makeID("01t", 2)+`"]`)
	if rec, _ := f.e.Record("Product2", makeID("01t", 1)); rec["Name"] != "one" {
		t.Errorf("the 300 wrote: %v", rec)
	}
}

package salesforce_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/load"
)

// TestCustomersUpsertRerunReject: accounts are upserted by External_ID__c,
// a rerun writes nothing, a record the org refuses and a field without a
// mapping are rejected with their reasons.
func TestCustomersUpsertRerunReject(t *testing.T) {
	f := sftest.New()
	l := newLoader(t, f, "customers", "{}")
	items := []load.Item{
		{ID: 1, ExternalID: "C-000001", Fields: map[string]json.RawMessage{"name": raw("Acme"), "city": raw("Berlin"), "vat_id": raw("DE1")}},
		{ID: 2, ExternalID: "C-000002", Fields: map[string]json.RawMessage{"city": raw("Bonn")}},
		{ID: 3, ExternalID: "C-000003", Fields: map[string]json.RawMessage{"name": raw("X"), "email": raw("a@b.c")}},
		{ID: 4, Fields: map[string]json.RawMessage{"name": raw("No key")}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	got := statuses(out)
	if got[0] != load.Written || !strings.Contains(got[1], "REQUIRED_FIELD_MISSING") || !strings.Contains(got[2], "field email has no writable Account field") || !strings.Contains(got[3], "no external id") {
		t.Fatalf("outcomes %q", got)
	}
	var acc sftest.Rec
	for _, r := range f.Objects["Account"] {
		acc = r
	}
	if acc["External_ID__c"] != "C-000001" || acc["BillingCity"] != "Berlin" || acc["VAT_ID__c"] != "DE1" || len(f.Objects["Account"]) != 1 {
		t.Fatalf("accounts %v", f.Objects["Account"])
	}
	writes := f.Count("PATCH")
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || out[0].Status != load.Unchanged || f.Count("PATCH") != writes {
		t.Fatalf("rerun: %q err %v, %d more writes", statuses(out), err, f.Count("PATCH")-writes)
	}
	items[0].Fields["city"] = raw("Hamburg")
	if out, err = l.Write(t.Context(), items[:1]); err != nil || out[0].Status != load.Written || acc["BillingCity"] != "Hamburg" {
		t.Fatalf("change: %q err %v, account %v", statuses(out), err, acc)
	}
}

// TestCustomersBulk: more than bulk_threshold items go through one ingest
// job; failed rows become rejected outcomes with the org's error.
func TestCustomersBulk(t *testing.T) {
	f := sftest.New()
	l := newLoader(t, f, "customers", "{bulk_threshold: 3, bulk_batch_size: 10}")
	if l.BatchSize() != 10 {
		t.Fatalf("batch size %d with bulk on", l.BatchSize())
	}
	var items []load.Item
	for i := range 5 {
		items = append(items, load.Item{ID: int64(i), ExternalID: fmt.Sprintf("C-%d", i), Fields: map[string]json.RawMessage{"name": raw(fmt.Sprintf("Co, \"%d\"", i))}})
	}
	items[4].Fields = map[string]json.RawMessage{"city": raw("Köln")}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	got := statuses(out)
	if got[0] != load.Written || got[3] != load.Written || !strings.Contains(got[4], "REQUIRED_FIELD_MISSING") {
		t.Fatalf("bulk outcomes %q", got)
	}
	if f.Count("POST /jobs/ingest") != 1 || f.Count("PATCH /composite") != 0 || len(f.Objects["Account"]) != 4 {
		t.Fatalf("requests %v", f.Log)
	}
}

// TestWriteStopsAtQuota: a write near the daily allocation stops the batch
// with retry.ErrQuotaReserve instead of sending.
func TestWriteStopsAtQuota(t *testing.T) {
	f := sftest.New()
	f.Used, f.Max = 99, 100
	l := newLoader(t, f, "customers", "{}")
	_, err := l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "C-1", Fields: map[string]json.RawMessage{"name": raw("A")}}})
	if !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("err %v", err)
	}
	if f.Count("PATCH") != 0 {
		t.Fatalf("wrote at the limit: %v", f.Log)
	}
}

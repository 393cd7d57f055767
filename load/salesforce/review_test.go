package salesforce_test

import (
	"encoding/json"
	"fmt"
	"testing"

	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
	"github.com/stewardhq/steward/load"
)

// TestPriceOfExistingEntryWithoutExternalID: a product already in the org
// (matched by External_ID__c) whose standard price book entry was made by a
// person, without External_ID__c, gets its price written: the entry is the
// product's one entry in the standard price book, whatever its external id.
func TestPriceOfExistingEntryWithoutExternalID(t *testing.T) {
	e := newOrg()
	pid, err := e.Put("Product2", map[string]any{"External_ID__c": "SKU-1", "ProductCode": "SKU-1", "Name": "Pump", "IsActive": true, "Family": "pumps"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Put("PricebookEntry", map[string]any{"Pricebook2Id": emulator.StandardPricebookID(), "Product2Id": pid, "UnitPrice": 1000, "IsActive": true}); err != nil {
		t.Fatal(err)
	}
	l := onEmulator(t, e, "products", "{}")
	out, err := l.Write(t.Context(), []load.Item{productItem(1, "SKU-1", "Pump", "1234.50")})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written {
		t.Fatalf("price of a product whose standard entry has no external id: %q", statuses(out))
	}
	pe := find(e, "PricebookEntry", "Product2Id", pid)
	if p := fmt.Sprint(pe["UnitPrice"]); p != "1234.5" && p != "1234.50" {
		t.Fatalf("entry %v: want UnitPrice 1234.50", pe)
	}
}

// TestTwoVersionsOfOneRecord: the outbox can hold two pending writes of one
// record (a write that waited, then a newer one); in one batch the newer
// must land in the org, not both be refused as duplicate external ids.
func TestTwoVersionsOfOneRecord(t *testing.T) {
	e := newOrg()
	l := onEmulator(t, e, "customers", "{}")
	items := []load.Item{
		{ID: 1, ExternalID: "C-1", Fields: map[string]json.RawMessage{"name": raw("Acme Old")}},
		{ID: 2, ExternalID: "C-1", Fields: map[string]json.RawMessage{"name": raw("Acme New")}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[1].Status != load.Written {
		t.Fatalf("newer write of C-1: %q", statuses(out))
	}
	if a := find(e, "Account", "External_ID__c", "C-1"); a == nil || a["Name"] != "Acme New" {
		t.Fatalf("account %v, want the newer name", a)
	}
}

// TestQuoteInKey: an external id holding a quote, a backslash and a percent
// sign is read back by its own literal (no injection): written once, then
// unchanged.
func TestQuoteInKey(t *testing.T) {
	e := newOrg()
	l := onEmulator(t, e, "customers", "{}")
	key := `O'Brien\ 100% & Co' OR Name != '`
	items := []load.Item{{ID: 1, ExternalID: key, Fields: map[string]json.RawMessage{"name": raw("O'Brien")}}}
	for i, want := range []string{load.Written, load.Unchanged} {
		out, err := l.Write(t.Context(), items)
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		if out[0].Status != want {
			t.Fatalf("write %d: %q, want %s", i, statuses(out), want)
		}
	}
}

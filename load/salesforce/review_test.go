package salesforce_test

import (
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

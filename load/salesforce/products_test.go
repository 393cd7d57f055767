package salesforce_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

func productItem(id int64, sku, name, price string) load.Item {
	f := map[string]json.RawMessage{
		"name":    raw([]transform.Value{{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: name}}),
		"enabled": raw(true),
		"family":  raw("pumps"),
	}
	if price != "" {
		f["price"] = raw([]transform.Value{{Attribute: "price", Kind: transform.KindPrices, Amounts: []transform.PriceValue{{Amount: "1.00", Currency: "USD"}, {Amount: price, Currency: "EUR"}}}})
	}
	return load.Item{ID: id, ExternalID: sku, Fields: f}
}

// TestProductsWithPrices: Product2 is upserted by External_ID__c with
// ProductCode = SKU, then its standard price book entry "<SKU>-EUR" with
// the exact amount; a rerun writes nothing; a price change writes only the
// entry's UnitPrice; categories have no Product2 field and are rejected.
func TestProductsWithPrices(t *testing.T) {
	f := sftest.New()
	l := newLoader(t, f, "products", "{}")
	cats := productItem(3, "SKU-3", "Valve", "")
	cats.Fields["categories"] = raw([]string{"a"})
	items := []load.Item{productItem(1, "SKU-1", "Pump", "1234.50"), productItem(2, "SKU-2", "Pipe", ""), cats}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	got := statuses(out)
	if got[0] != load.Written || got[1] != load.Written || !strings.Contains(got[2], "field categories has no Product2 field") {
		t.Fatalf("outcomes %q", got)
	}
	var prod, entry sftest.Rec
	for _, r := range f.Objects["Product2"] {
		if r["External_ID__c"] == "SKU-1" {
			prod = r
		}
	}
	for _, r := range f.Objects["PricebookEntry"] {
		entry = r
	}
	if prod["ProductCode"] != "SKU-1" || prod["Name"] != "Pump" || prod["IsActive"] != true || prod["Family"] != "pumps" {
		t.Fatalf("product %v", prod)
	}
	if len(f.Objects["PricebookEntry"]) != 1 || entry["External_ID__c"] != "SKU-1-EUR" || entry["UnitPrice"].(json.Number) != "1234.50" ||
		entry["Product2Id"] != prod["Id"] || entry["Pricebook2Id"] != "01sSTANDARD000001" {
		t.Fatalf("entry %v", entry)
	}
	writes := f.Count("PATCH")
	if out, err = l.Write(t.Context(), items[:2]); err != nil || out[0].Status != load.Unchanged || out[1].Status != load.Unchanged || f.Count("PATCH") != writes {
		t.Fatalf("rerun: %q %v, %d writes", statuses(out), err, f.Count("PATCH")-writes)
	}
	out, err = l.Write(t.Context(), []load.Item{productItem(1, "SKU-1", "Pump", "1299.00")})
	if err != nil || out[0].Status != load.Written || entry["UnitPrice"].(json.Number) != "1299.00" {
		t.Fatalf("price change: %q %v entry %v", statuses(out), err, entry)
	}
	if last := f.Bodies[len(f.Bodies)-1]; strings.Contains(last, "Product2Id") || !strings.Contains(last, `"UnitPrice":1299.00`) {
		t.Fatalf("price update sent %s: want only the changed UnitPrice", last)
	}
	if f.Count("GET /query") == 0 || strings.Count(strings.Join(f.Log, "\n"), "Pricebook2") > 1 {
		t.Fatalf("log %v", f.Log)
	}
}
